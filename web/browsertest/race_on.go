//go:build race

package browsertest

// underRace: the browser tests run once, without the race detector (see Open).
const underRace = true
