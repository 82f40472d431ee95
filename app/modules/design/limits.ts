// The Generate form's text limits live on the ground floor because the
// recipe's bounds are derived from them: whatever the headline writer makes
// of an accepted input must store (generations/drawable-input.test.ts).

export const KEYWORDS_MAX = 120;

/**
 * The most characters one character of input can become in a recipe's text:
 * NFKC makes up to 18 of one (U+FDFA), upper-casing up to 3 (U+0390).
 */
const EXPANSION = 18 * 3;

/**
 * A recipe's words, labels and prop keywords are at most this long. It only
 * keeps a stored spec bounded: what is drawable is decided at submit
 * (generations/headline-fit.server.ts), and the text engine shortens with
 * "…" what a run stored before that check cannot fit, rather than fail.
 * The 4 is the ending the writer may add ("?!", ":").
 */
export const RECIPE_TEXT_MAX = KEYWORDS_MAX * EXPANSION + 4;
