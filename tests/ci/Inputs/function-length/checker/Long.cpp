// Input of function-length.test: one function past a screen without a
// reason (tooLong), one with a reason (withReason), and short ones.
namespace demo {

int X = 0;
int Y = 0;

void shortOne() { X = 1; }

void tooLong() {
  X += 0; // a "{" in a comment
  X += 1;
  X += 2;
  X += 3;
  X += 4;
  X += 5;
  X += 6;
  X += 7;
  X += 8;
  X += 9;
  X += 10;
  X += 11;
  X += 12;
  X += 13;
  X += 14;
  X += 15;
  X += 16;
  X += 17;
  X += 18;
  X += 19;
  X += 20; // a "{" in a comment
  X += 21;
  X += 22;
  X += 23;
  X += 24;
  X += 25;
  X += 26;
  X += 27;
  X += 28;
  X += 29;
  X += 30;
  X += 31;
  X += 32;
  X += 33;
  X += 34;
  X += 35;
  X += 36;
  X += 37;
  X += 38;
  X += 39;
  X += 40; // a "{" in a comment
  X += 41;
  X += 42;
  X += 43;
  X += 44;
  X += 45;
  X += 46;
  X += 47;
  X += 48;
  X += 49;
  X += 50;
  X += 51;
  X += 52;
  X += 53;
  X += 54;
  X += 55;
  X += 56;
  X += 57;
  X += 58;
  X += 59;
  X += 60; // a "{" in a comment
  X += 61;
  X += 62;
  X += 63;
  X += 64;
  X += 65;
  X += 66;
  X += 67;
  X += 68;
  X += 69;
  X += 70;
  X += 71;
  X += 72;
  X += 73;
  X += 74;
  X += 75;
  X += 76;
  X += 77;
  X += 78;
  X += 79;
}

/// Sets X, step by step.
// long because each step is its own case in the table.
void withReason() {
  Y -= 0; // a "{" in a comment
  Y -= 1;
  Y -= 2;
  Y -= 3;
  Y -= 4;
  Y -= 5;
  Y -= 6;
  Y -= 7;
  Y -= 8;
  Y -= 9;
  Y -= 10;
  Y -= 11;
  Y -= 12;
  Y -= 13;
  Y -= 14;
  Y -= 15;
  Y -= 16;
  Y -= 17;
  Y -= 18;
  Y -= 19;
  Y -= 20; // a "{" in a comment
  Y -= 21;
  Y -= 22;
  Y -= 23;
  Y -= 24;
  Y -= 25;
  Y -= 26;
  Y -= 27;
  Y -= 28;
  Y -= 29;
  Y -= 30;
  Y -= 31;
  Y -= 32;
  Y -= 33;
  Y -= 34;
  Y -= 35;
  Y -= 36;
  Y -= 37;
  Y -= 38;
  Y -= 39;
  Y -= 40; // a "{" in a comment
  Y -= 41;
  Y -= 42;
  Y -= 43;
  Y -= 44;
  Y -= 45;
  Y -= 46;
  Y -= 47;
  Y -= 48;
  Y -= 49;
  Y -= 50;
  Y -= 51;
  Y -= 52;
  Y -= 53;
  Y -= 54;
  Y -= 55;
  Y -= 56;
  Y -= 57;
  Y -= 58;
  Y -= 59;
  Y -= 60; // a "{" in a comment
  Y -= 61;
  Y -= 62;
  Y -= 63;
  Y -= 64;
  Y -= 65;
  Y -= 66;
  Y -= 67;
  Y -= 68;
  Y -= 69;
  Y -= 70;
  Y -= 71;
  Y -= 72;
  Y -= 73;
  Y -= 74;
  Y -= 75;
  Y -= 76;
  Y -= 77;
  Y -= 78;
  Y -= 79;
}

struct Holder {
  int get() const { return X; }
  const char *Text = "}";
};

} // namespace demo
