// Package intent reads what cooperative members write on WhatsApp: short, informal,
// abbreviated, with typos, politeness words and emoji, in Bahasa Indonesia, English
// or both at once. It is the one place the bot understands members; flows ask it
// "is this a yes?", "which of these did they pick?", "which service do they want?",
// and never compare strings of their own.
//
// Reading a message (Lexicon.Read) normalises it once: lower case, WhatsApp
// formatting and punctuation dropped, emoji that answer (👍, ✅, 🙏) read as words and
// the rest ignored, letters repeated for emphasis collapsed ("okeee" -> "oke"),
// abbreviations expanded ("sy brp" -> "saya berapa"), and typos in longer words
// forgiven against the vocabulary (edit distance 1, or 2 from seven letters on).
// What is read is the vocabulary's: embedded data files, one per language (vocab/),
// plus what a cooperative adds in its config (Extra). Nothing here does I/O.
//
// The readers are strict where a guess could move money: an answer that is both a
// yes and a no is neither; an amount must read as exactly one amount; a service
// is chosen only when it fits clearly better than every other, and otherwise the
// caller asks which (Lexicon.Services).
package intent
