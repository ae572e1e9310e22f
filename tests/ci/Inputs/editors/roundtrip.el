;;; roundtrip.el --- the Emacs half of tests/ci/editor_roundtrip.py  -*- lexical-binding: t -*-
;;
;; Runs in `emacs --batch' after the user's init (docs/ide.md's eglot
;; snippet). Does what a user does: visits the file (c++-mode-hook runs
;; eglot-ensure), waits for taskfit's finding on the target line among
;; flymake's diagnostics, puts point on it, runs M-x eglot-code-actions,
;; picks the finding's fix in the menu (completing-read, here answered by a
;; function instead of a person), lets eglot apply it and saves the file.
;; Batch mode has no command loop, so after each step it runs
;; post-command-hook, as the loop would after a command. Everything it saw
;; goes to a JSON report; it always exits.
;; Environment: TASKFIT_FILE, TASKFIT_TARGET_LINE (1-based),
;; TASKFIT_TIMEOUT_MS, TASKFIT_REPORT.

(require 'cl-lib)
(require 'json)

(defvar taskfit-report (list (cons 'editor (format "emacs %s" emacs-version))
                             (cons 'findings nil) (cons 'actions nil) (cons 'steps nil)))

(defun taskfit-set (key value)
  (setf (alist-get key taskfit-report) value))

(defun taskfit-step (what)
  (taskfit-set 'steps (append (alist-get 'steps taskfit-report) (list what))))

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

(defun taskfit-lsp-diag (diag)
  (cdr (assoc 'eglot-lsp-diag (eglot--diag-data diag))))

(defun taskfit-finding-p (diag)
  (let ((code (plist-get (taskfit-lsp-diag diag) :code)))
    (and (stringp code) (string-prefix-p "taskfit-" code))))

(defun taskfit-run ()
  (let ((target (string-to-number (getenv "TASKFIT_TARGET_LINE")))
        finding)
    (find-file (getenv "TASKFIT_FILE"))
    (run-hooks 'post-command-hook)
    (unless (taskfit-wait (lambda () (and (fboundp 'eglot-current-server) (eglot-current-server))))
      (taskfit-finish "no eglot session for the buffer: the init snippet did not start one"))
    (taskfit-set 'client (format "%s" (process-command
                                       (jsonrpc--process (eglot-current-server)))))
    (taskfit-step "client attached")
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
                                   (cons 'code (plist-get lsp :code))
                                   (cons 'message (flymake-diagnostic-text d))
                                   (cons 'href (plist-get (plist-get lsp :codeDescription) :href)))))
                         (cl-remove-if-not #'taskfit-finding-p (flymake-diagnostics))))
    (unless finding
      (taskfit-finish (format "no taskfit finding on line %d within the timeout" target)))
    (taskfit-step "finding shown")
    (goto-char (flymake-diagnostic-beg finding))
    ;; eglot's own edit application, watched.
    (advice-add 'eglot--apply-workspace-edit :before
                (lambda (&rest _) (taskfit-set 'applied_by "eglot--apply-workspace-edit")))
    ;; The menu: record what is offered and choose the finding's fix, the
    ;; quick fix clangd titles with the finding's message. (Its :diagnostics
    ;; cannot tell: clangd 19 files the fix under the finding's last note
    ;; when, as with eglot, notes come as diagnostics of their own.)
    (cl-letf* (((symbol-function 'completing-read)
                (lambda (_prompt collection &rest _)
                  (let ((message (downcase (flymake-diagnostic-text finding)))
                        chosen)
                    (dolist (item collection)
                      (let ((action (cdr item)))
                        (taskfit-set 'actions (append (alist-get 'actions taskfit-report)
                                                      (list (car item))))
                        (when (and (not chosen)
                                   (equal (plist-get action :kind) "quickfix")
                                   (plist-get action :edit)
                                   (string-search (downcase (car item)) message))
                          (setq chosen (car item)))))
                    (taskfit-set 'chosen chosen)
                    (or chosen (taskfit-finish "no code action fixes the finding"))))))
      ;; A key press, not a mouse click: eglot then asks with completing-read.
      (let ((last-nonmenu-event ?\C-m))
        (call-interactively #'eglot-code-actions)))
    (unless (alist-get 'applied_by taskfit-report)
      (taskfit-finish "the chosen code action edited nothing"))
    (taskfit-step "fix applied")
    (save-buffer)
    (taskfit-step "written")
    (ignore-errors (eglot-shutdown (eglot-current-server)))
    (taskfit-finish nil)))

(condition-case err
    (taskfit-run)
  (error (taskfit-finish (format "elisp error: %S" err))))
