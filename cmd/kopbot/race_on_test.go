//go:build race

package main

// raceDetector is true in builds with -race, where SQLite (C compiled to Go) runs about
// forty times slower: the largest tests then run smaller.
const raceDetector = true
