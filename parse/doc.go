// Package parse turns what cooperative members type into WhatsApp (amounts,
// dates, months and phone numbers) into values, and formats rupiah back.
//
// Parsing is forgiving about how Indonesians write things ("1,5jt",
// "17 Agt 1990", "0812-3456-7890") but strict wherever a guess could move
// money or a date: ambiguous input is an error, never a guess. Error
// messages are plain English for logs; member-facing text lives elsewhere.
// Nothing here does I/O, and no input makes a function panic.
package parse
