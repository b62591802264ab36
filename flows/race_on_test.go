//go:build race

package flows_test

// raceDetector is true in builds with -race, where SQLite (C compiled to Go) runs about
// forty times slower: the biggest concurrency test then runs a smaller mix.
const raceDetector = true
