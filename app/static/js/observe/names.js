// A simple guard against children's names in notes (DESIGN.md §4.8). It flags a capitalised
// word inside a sentence that is not a known word. A capitalised word that opens a sentence is
// usually just the sentence's first word, so there it is flagged only when it is a common given
// name, or when it is joined by "og" or a comma to a name ("Zainab og Jonas lekte"). It is a
// reminder, never a block. app/guidance/narrative_names.py is a port: change both together.

const WORD = /[\p{L}][\p{L}'’-]*/gu;
// A sentence starts at the beginning, after . ! ? : or a line break, or after a list dash.
const SENTENCE_END = /(^|[.!?:\n]["»”')]*|^\s*[-–•*]|\n\s*[-–•*])\s*["«“(]*$/u;
// Capitalised in Norwegian prose without being a name.
const ALWAYS_CAPITALISED = ["Gud", "Norge", "Bærum", "Oslo", "CLASS", "TETT", "PÅ", "Jul", "Påske"];
// Common given names of children in Norwegian kindergartens (SSB's lists of the most given
// names, 2010–2023), without those that are also everyday words (Vår, Liv, Sol, Per, Bo, Ask,
// Storm, Eik, Lykke, Mai, Even). Matched only where a word opens a sentence.
export const GIVEN_NAMES = (
  "emma nora sofie sofia ella olivia ada sara maja maria ingrid leah lea frida astrid " +
  "hedda thea tiril selma vilde amalie aurora alma iben ellinor ellie hanna hannah mia " +
  "emilie ida julie linnea mathilde live agnes alva eva tuva oline ronja vilja mathea " +
  "jenny ingeborg sigrid saga idun ebba isabella othilie marie kari anne lise " +
  "siri tone hilde mari kaja luna louise lilly fatima aisha maryam zainab amina " +
  "jakob jacob emil noah oskar oscar lucas lukas isak aksel axel filip philip henrik " +
  "kasper magnus william olav ola theodor elias mathias matheo mateo johannes liam " +
  "sander jonas tobias adrian ludvig herman kristian sebastian alexander benjamin " +
  "nikolai håkon iver mikkel peder gustav johan sverre odin tor ole tore jens " +
  "leon leo felix hugo alfred edvard eskil syver birk brage eirik erik martin " +
  "daniel david adam ali mohammed muhammad ibrahim yusuf omar hamza ahmed " +
  "anton carl karl vetle sindre aron aaron arne nils lars hans petter"
).split(" ");
// Words that often open a sentence in a note: never taken for a name by the "og" rule.
export const COMMON_STARTS = (
  "barna barnet barn voksen voksne den de det denne dette disse der da når etter før " +
  "under mens i på med til fra for om av ved og men eller så også alle flere noen mange " +
  "hun han vi jeg du dere man en et ett ei to tre personalet pedagogen assistenten " +
  "gruppen gruppa samlingen leken måltidet lunsj maten ute inne her hele hver ingen " +
  "begge andre samtidig deretter senere først slutt noe"
).split(" ");
const JOINERS = ["og", "eller", "and", "or"];
const JOINED = /^\s*(?:,\s*|\s(?:og|eller|and|or)\s+)$/u;

const lower = (word) => word.toLowerCase();
const GIVEN = new Set(GIVEN_NAMES);
const COMMON = new Set(COMMON_STARTS);

function isCapitalised(word) {
  // Judge "TS-begreper" by its first part: ALL-CAPS abbreviations (NC, TS) are not names.
  const part = word.split(/[-’']/)[0];
  const first = part[0];
  const rest = part.slice(1);
  return first === first.toUpperCase() && first !== first.toLowerCase() && rest !== rest.toUpperCase();
}

function wordsOf(text, known) {
  return [...text.matchAll(WORD)].map((match) => ({
    word: match[0],
    start: match.index,
    end: match.index + match[0].length,
    opens: SENTENCE_END.test(text.slice(0, match.index)),
    candidate: isCapitalised(match[0]) && !known.has(lower(match[0])),
  }));
}

// "Zainab og Jonas", "Zainab, Jonas": the next word (after a joiner) is a name inside a sentence.
function joinedToName(text, words, i) {
  const next = words[i + 1] && JOINERS.includes(words[i + 1].word) ? i + 2 : i + 1;
  const name = words[next];
  if (!name || !name.candidate || name.opens) return false;
  return JOINED.test(text.slice(words[i].end, name.start));
}

function looksLikeName(text, words, i) {
  const { word, opens, candidate } = words[i];
  if (!candidate) return false;
  if (!opens || GIVEN.has(lower(word))) return true;
  return !COMMON.has(lower(word)) && joinedToName(text, words, i);
}

/** Return the words in text that look like names, each once, in order. */
export function suspectedNames(text, knownWords = []) {
  const known = new Set([...ALWAYS_CAPITALISED, ...knownWords].map(lower));
  const words = wordsOf(text, known);
  const found = [];
  words.forEach((entry, i) => {
    if (!found.includes(entry.word) && looksLikeName(text, words, i)) found.push(entry.word);
  });
  return found;
}

/** Split names such as "Fornebu barnehage" into words the heuristic should accept. */
export function knownWordsFrom(...phrases) {
  return phrases.flatMap((phrase) => (phrase || "").match(WORD) || []);
}
