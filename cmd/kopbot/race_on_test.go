//go:build race

package main

// raceDetector is true in builds with -race, where SQLite (C compiled to Go) runs tens of
// times slower: the soak then runs longer, so that members still get through a conversation.
const raceDetector = true
