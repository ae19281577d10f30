/**
 * Hashed word uni- and bi-grams of prompt text, computed without allocating a string per token:
 * characters are lowercased and folded into an FNV-1a hash as they are read, and a bigram's hash
 * mixes its two words' hashes. Digits fold to one symbol so "order 1234" and "order 98" share a
 * feature. Feature hashing keeps the model a fixed-size vector whatever the vocabulary.
 */

/** Longest text read per request: the head and the tail (questions often follow a pasted document). */
export const TEXT_HEAD_CHARS = 6000;
export const TEXT_TAIL_CHARS = 2000;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** 32-bit FNV-1a of a string (used for metadata keys; words are hashed inline). */
export function hashString(input: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < input.length; i++) {
    hash ^= input.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

/** Mixes two 32-bit hashes (murmur3's finalizer over a combination), order-sensitive. */
export function mixHashes(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Word character test: ASCII letters and digits, and everything above ASCII (accents, CJK). */
function foldChar(code: number): number {
  if (code >= 97 && code <= 122) return code;
  if (code >= 65 && code <= 90) return code | 0x20;
  if (code >= 48 && code <= 57) return 48; // every digit is "0"
  if (code > 127) return code;
  return -1;
}

/**
 * Calls `emit(hash)` for every word and every pair of adjacent words of the text (the pair hash is
 * distinct from any word hash with overwhelming probability). Returns the number of words.
 */
export function forEachNgramHash(text: string, emit: (hash: number) => void): number {
  let words = 0;
  if (text.length <= TEXT_HEAD_CHARS + TEXT_TAIL_CHARS) return scan(text, emit);
  words += scan(text.slice(0, TEXT_HEAD_CHARS), emit);
  words += scan(text.slice(text.length - TEXT_TAIL_CHARS), emit);
  return words;
}

function scan(text: string, emit: (hash: number) => void): number {
  let words = 0;
  let previous = -1;
  let hash = FNV_OFFSET;
  let inWord = false;
  const length = text.length;
  for (let i = 0; i <= length; i++) {
    const folded = i < length ? foldChar(text.charCodeAt(i)) : -1;
    if (folded >= 0) {
      hash = Math.imul(hash ^ folded, FNV_PRIME);
      inWord = true;
      continue;
    }
    if (!inWord) continue;
    const word = hash >>> 0;
    emit(word);
    if (previous >= 0) emit(mixHashes(previous, word));
    previous = word;
    words++;
    hash = FNV_OFFSET;
    inWord = false;
  }
  return words;
}
