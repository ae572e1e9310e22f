;;; roundtrip.el --- the Emacs half of tests/ci/editor_roundtrip.py  -*- lexical-binding: t -*-
;;
;; Runs in `emacs --batch' after the user's init (docs/ide.md's eglot or
;; lsp-mode snippet). Does what a user does: visits the file (the mode hook
;; starts the LSP client), waits for taskfit's finding on the target line
;; among flymake's diagnostics, puts point on it, runs the client's
;; code-action command (M-x eglot-code-actions, M-x lsp-execute-code-action),
;; picks the finding's fix in the menu (completing-read, here answered by a
;; function instead of a person), lets the client apply it and saves the
;; file. Batch mode has no command loop, so it runs post-command-hook after
;; each step, as the loop would after a command. Everything it saw goes to
;; a JSON report; it always exits.
;; Environment: TASKFIT_CLIENT (eglot or lsp-mode), TASKFIT_FILE,
;; TASKFIT_TARGET_LINE (1-based), TASKFIT_TIMEOUT_MS, TASKFIT_REPORT.

(require 'cl-lib)
(require 'json)

(defvar taskfit-client (intern (getenv "TASKFIT_CLIENT")))

(defvar taskfit-report (list (cons 'editor (format "emacs %s" emacs-version))
                             (cons 'findings nil) (cons 'actions nil) (cons 'steps nil)))

(defun taskfit-set (key value)
  (setf (alist-get key taskfit-report) value))

(defun taskfit-add (key value)
  (taskfit-set key (append (alist-get key taskfit-report) (list value))))

(defun taskfit-finish (err)
  (taskfit-set 'error err)
  (with-temp-file (getenv "TASKFIT_REPORT")
    (insert (json-encode taskfit-report)))
  (kill-emacs (if err 1 0)))

(defun taskfit-wait (pred)
  "Run the event loop (and post-command-hook) until PRED holds or time runs out."
  (let ((deadline (+ (float-time) (/ (string-to-number (getenv "TASKFIT_TIMEOUT_MS")) 1000.0)))
        (result nil))
    (while (and (not (setq result (funcall pred))) (< (float-time) deadline))
      (run-hooks 'post-command-hook)
      (accept-process-output nil 0.2))
    result))

(defun taskfit-get (object key)
  "KEY (a string) of an LSP object: eglot's plists, lsp-mode's hash tables."
  (if (hash-table-p object)
      (gethash key object)
    (plist-get object (intern (concat ":" key)))))

;; What differs between the two clients.
(defun taskfit-session ()
  "The LSP server process serving this buffer, if any."
  (pcase taskfit-client
    ('eglot (and (fboundp 'eglot-current-server) (eglot-current-server)
                 (jsonrpc--process (eglot-current-server))))
    ('lsp-mode (and (bound-and-true-p lsp-mode) (lsp-workspaces)
                    (lsp--workspace-proc (car (lsp-workspaces)))))))

(defun taskfit-lsp-diag (diag)
  "The LSP diagnostic behind the flymake diagnostic DIAG."
  (pcase taskfit-client
    ('eglot (cdr (assoc 'eglot-lsp-diag (eglot--diag-data diag))))
    ;; lsp-mode keeps no link from flymake's diagnostic to its own: find
    ;; the one it published on the same line with the same message.
    ('lsp-mode
     (let ((line (1- (line-number-at-pos (flymake-diagnostic-beg diag)))))
       (cl-find-if (lambda (d)
                     (and (= line (taskfit-get (taskfit-get (taskfit-get d "range") "start")
                                               "line"))
                          (equal (flymake-diagnostic-text diag) (taskfit-get d "message"))))
                   (lsp--get-buffer-diagnostics))))))

(defvar taskfit-code-action-command
  (pcase taskfit-client ('eglot #'eglot-code-actions) ('lsp-mode #'lsp-execute-code-action)))

(defvar taskfit-apply-function
  (pcase taskfit-client
    ('eglot 'eglot--apply-workspace-edit)
    ('lsp-mode 'lsp--apply-workspace-edit)))

(defun taskfit-finding-p (diag)
  (let ((code (taskfit-get (taskfit-lsp-diag diag) "code")))
    (and (stringp code) (string-prefix-p "taskfit-" code))))

;; c++-mode also gives flymake Emacs's own backend, flymake-cc (`make
;; check-syntax'), which fails in a CMake project. eglot replaces flymake's
;; backends, lsp-mode adds its own beside it: then flymake-cc's failure can
;; come after flymake has disabled it, an error that an interactive session
;; logs but that ends a batch one. Drop it before the user's hooks run.
(add-hook 'c++-mode-hook
          (lambda () (remove-hook 'flymake-diagnostic-functions 'flymake-cc t))
          -100)

(defun taskfit-run ()
  (let ((target (string-to-number (getenv "TASKFIT_TARGET_LINE")))
        finding)
    ;; lsp-mode asks once per project where its root is; answer as a user
    ;; would, with `i' (import the root it suggests).
    (cl-letf* ((read-key-function (symbol-function 'read-key))
               ((symbol-function 'read-key)
                (lambda (prompt &rest args)
                  (if (string-match-p "is not part of any project" prompt)
                      (progn (taskfit-add 'steps "project root imported") ?i)
                    (apply read-key-function prompt args)))))
      (find-file (getenv "TASKFIT_FILE"))
      (run-hooks 'post-command-hook)
      (unless (taskfit-wait #'taskfit-session)
        (taskfit-finish "no LSP session for the buffer: the init snippet did not start one")))
    (taskfit-set 'client (format "%s: %s" taskfit-client (process-command (taskfit-session))))
    (taskfit-add 'steps "client attached")
    (setq finding
          (taskfit-wait
           (lambda ()
             (cl-find-if (lambda (d)
                           (and (taskfit-finding-p d)
                                (= (line-number-at-pos (flymake-diagnostic-beg d)) target)))
                         (flymake-diagnostics)))))
    (taskfit-set 'findings
                 (mapcar (lambda (d)
                           (let ((lsp (taskfit-lsp-diag d)))
                             (list (cons 'line (line-number-at-pos (flymake-diagnostic-beg d)))
                                   (cons 'code (taskfit-get lsp "code"))
                                   (cons 'message (flymake-diagnostic-text d))
                                   (cons 'href (taskfit-get (taskfit-get lsp "codeDescription")
                                                            "href")))))
                         (cl-remove-if-not #'taskfit-finding-p (flymake-diagnostics))))
    (unless finding
      (taskfit-finish (format "no taskfit finding on line %d within the timeout" target)))
    (taskfit-add 'steps "finding shown")
    (goto-char (flymake-diagnostic-beg finding))
    ;; The client's own edit application, watched. (lsp-mode runs a lone
    ;; action without a menu: note its title there.)
    (advice-add taskfit-apply-function :before
                (lambda (&rest _) (taskfit-set 'applied_by (symbol-name taskfit-apply-function))))
    (when (eq taskfit-client 'lsp-mode)
      (advice-add 'lsp--execute-code-action :before
                  (lambda (action &rest _)
                    (unless (alist-get 'chosen taskfit-report)
                      (taskfit-set 'chosen (taskfit-get action "title"))))))
    ;; The menu: record what is offered and choose the finding's fix, the
    ;; quick fix clangd titles with the finding's message. (Its diagnostics
    ;; cannot tell: clangd 19 files the fix under the finding's last note
    ;; when, as with eglot, notes come as diagnostics of their own.)
    (let ((message (downcase (flymake-diagnostic-text finding))))
      (cl-letf* (((symbol-function 'completing-read)
                  (lambda (_prompt collection &rest _)
                    (let (chosen)
                      (dolist (item collection)
                        (let ((action (cdr item)))
                          (taskfit-add 'actions (car item))
                          (when (and (not chosen)
                                     (equal (taskfit-get action "kind") "quickfix")
                                     (taskfit-get action "edit")
                                     (string-search (downcase (car item)) message))
                            (setq chosen (car item)))))
                      (taskfit-set 'chosen chosen)
                      (or chosen (taskfit-finish "no code action fixes the finding"))))))
        ;; A key press, not a mouse click: eglot then asks with completing-read.
        (let ((last-nonmenu-event ?\C-m))
          (call-interactively taskfit-code-action-command))))
    (unless (alist-get 'applied_by taskfit-report)
      (taskfit-finish "the chosen code action edited nothing"))
    (taskfit-add 'steps "fix applied")
    (save-buffer)
    (taskfit-add 'steps "written")
    (pcase taskfit-client
      ('eglot (ignore-errors (eglot-shutdown (eglot-current-server))))
      ('lsp-mode (ignore-errors (lsp-workspace-shutdown (car (lsp-workspaces))))))
    (taskfit-finish nil)))

(condition-case err
    (taskfit-run)
  (error (taskfit-finish (format "elisp error: %S" err))))
