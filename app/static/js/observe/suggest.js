// Suggested scores from indicator marks: the same rule as analysis.scoring.suggested_scores.
// Only a hint: the observer always picks the score; nothing here selects a radio button.

const MARK_VALUES = { low: 1, mid: 2, high: 3 };
const EPSILON = 1e-9; // 2.4999999999999996 must count as 2.5

/** Return the suggested scores (ascending), or [] until every indicator is marked. */
export function suggestedScores(marks, indicatorCount) {
  const values = marks.map((mark) => MARK_VALUES[mark]);
  if (values.length === 0 || values.length !== indicatorCount || values.includes(undefined)) return [];
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const s = 1 + 3 * (mean - 1);
  const result = [];
  for (let k = 1; k <= 7; k++) if (Math.abs(k - s) <= 1 + EPSILON) result.push(k);
  return result;
}
