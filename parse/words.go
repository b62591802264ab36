package parse

import (
	"errors"
	"slices"
	"strings"
)

// Amounts in words: "lima juta", "dua ratus ribu", "satu setengah juta", "seratus lima
// puluh ribu", "2 ratus ribu", "1 juta 500 ribu", "five hundred thousand". Strict like
// the rest: every word must be a number word, scales must go down ("ribu juta" is a
// typo, not 10^9), and a fraction must come out in whole rupiah.

// wordValue is what one word adds: a digit, a teen, a tens word, or one of the operators.
type wordValue struct {
	kind int
	n    int64
}

const (
	wDigit   = iota // satu .. sembilan, one .. nine
	wTeen           // sepuluh, sebelas, ten .. nineteen: a whole tens-and-units value
	wTens           // twenty .. ninety: tens with room for a digit after
	wBelas          // dua belas: the digit before plus ten
	wPuluh          // dua puluh: the digit before times ten
	wRatus          // dua ratus, two hundred: the number before times a hundred
	wSeratus        // seratus: one hundred
	wScale          // ribu, juta, miliar and their abbreviations
	wSeScale        // seribu, sejuta: one of the scale
	wHalf           // setengah, half: half of the next scale
	wPoint          // koma, point: decimals follow, in digit words or digits
	wJoin           // dan, and, a (as in "a million"): ignored between numbers
	wRupiah         // rupiah at the end
)

var numberWords = map[string]wordValue{
	"nol": {wDigit, 0}, "satu": {wDigit, 1}, "dua": {wDigit, 2}, "tiga": {wDigit, 3}, "empat": {wDigit, 4},
	"lima": {wDigit, 5}, "enam": {wDigit, 6}, "tujuh": {wDigit, 7}, "delapan": {wDigit, 8}, "sembilan": {wDigit, 9},
	"sepuluh": {wTeen, 10}, "sebelas": {wTeen, 11}, "belas": {wBelas, 10}, "puluh": {wPuluh, 10},
	"ratus": {wRatus, 100}, "seratus": {wSeratus, 100},
	"ribu": {wScale, 1_000}, "rb": {wScale, 1_000}, "k": {wScale, 1_000}, "juta": {wScale, 1_000_000}, "jt": {wScale, 1_000_000},
	"miliar": {wScale, 1_000_000_000}, "milyar": {wScale, 1_000_000_000},
	"seribu": {wSeScale, 1_000}, "sejuta": {wSeScale, 1_000_000}, "semiliar": {wSeScale, 1_000_000_000},
	"setengah": {wHalf, 0}, "koma": {wPoint, 0}, "dan": {wJoin, 0}, "rupiah": {wRupiah, 0},

	"zero": {wDigit, 0}, "one": {wDigit, 1}, "two": {wDigit, 2}, "three": {wDigit, 3}, "four": {wDigit, 4},
	"five": {wDigit, 5}, "six": {wDigit, 6}, "seven": {wDigit, 7}, "eight": {wDigit, 8}, "nine": {wDigit, 9},
	"ten": {wTeen, 10}, "eleven": {wTeen, 11}, "twelve": {wTeen, 12}, "thirteen": {wTeen, 13}, "fourteen": {wTeen, 14},
	"fifteen": {wTeen, 15}, "sixteen": {wTeen, 16}, "seventeen": {wTeen, 17}, "eighteen": {wTeen, 18}, "nineteen": {wTeen, 19},
	"twenty": {wTens, 20}, "thirty": {wTens, 30}, "forty": {wTens, 40}, "fifty": {wTens, 50},
	"sixty": {wTens, 60}, "seventy": {wTens, 70}, "eighty": {wTens, 80}, "ninety": {wTens, 90},
	"hundred": {wRatus, 100}, "thousand": {wScale, 1_000}, "million": {wScale, 1_000_000}, "billion": {wScale, 1_000_000_000},
	"half": {wHalf, 0}, "point": {wPoint, 0}, "and": {wJoin, 0}, "a": {wJoin, 0},
}

var errNotWords = errors.New("not an amount in words")

// wordsAmount reads an amount written with number words, possibly mixed with whole
// numbers ("2 ratus ribu", "1 juta 500 ribu"). t is lower case.
func wordsAmount(t string) (int64, error) {
	if strings.HasPrefix(t, "-") {
		return 0, errNotWords // negative, as the figures say
	}
	fields := strings.Fields(strings.ReplaceAll(t, "-", " "))
	if !slices.ContainsFunc(fields, isNumberWord) {
		return 0, errNotWords
	}
	var (
		total     int64 // finished scales
		group     int64 // hundreds of the group being read
		unit      int64 // tens and units of the group being read
		frac      int64 // decimals after koma, as an integer
		fracDigit int64 // 10^(number of decimals)
		half      bool
		inFrac    bool
		numbers   int
		lastScale int64 = maxAmount + 1
	)
	for i, f := range fields {
		w, ok := numberWords[f]
		if !ok {
			n, err := digits(f)
			if err != nil {
				return 0, errNotWords
			}
			w = wordValue{kind: -1, n: n}
		}
		if inFrac && w.kind != wDigit && w.kind != -1 && w.kind != wScale {
			return 0, errors.New("only digits may follow koma")
		}
		switch w.kind {
		case -1: // a whole number written in digits
			if inFrac {
				if fracDigit > 1 || w.n >= 1000 {
					return 0, errors.New("too many decimals")
				}
				frac, fracDigit = w.n, pow10[len(f)]
				break
			}
			if unit != 0 || group != 0 {
				return 0, errors.New("two numbers in a row")
			}
			unit = w.n
			numbers++
		case wDigit:
			if inFrac {
				if fracDigit >= 1000 {
					return 0, errors.New("too many decimals")
				}
				frac, fracDigit = frac*10+w.n, max(fracDigit, 1)*10
				break
			}
			if unit%10 != 0 || unit >= 100 {
				return 0, errors.New("two digits in a row")
			}
			unit += w.n
			numbers++
		case wTeen, wTens:
			if unit != 0 {
				return 0, errors.New("two numbers in a row")
			}
			unit = w.n
			numbers++
		case wBelas, wPuluh:
			if unit < 1 || unit > 9 {
				return 0, errors.New("belas and puluh follow a digit")
			}
			if w.kind == wBelas {
				unit += 10
			} else {
				unit *= 10
			}
		case wRatus:
			if unit < 1 || unit > 9 || group != 0 {
				return 0, errors.New("ratus follows a digit")
			}
			group, unit = unit*100, 0
		case wSeratus:
			if unit != 0 || group != 0 {
				return 0, errors.New("two numbers in a row")
			}
			group = 100
			numbers++
		case wSeScale, wScale:
			if w.kind == wSeScale {
				if unit != 0 || group != 0 || half {
					return 0, errors.New("two numbers in a row")
				}
				unit = 1
				numbers++
			}
			v := group + unit
			if v == 0 && !half && fracDigit == 0 {
				return 0, errors.New("a scale without a number")
			}
			if w.n >= lastScale {
				return 0, errors.New("scales must go down")
			}
			if v > maxAmount/w.n {
				return 0, errTooLarge
			}
			add := v * w.n
			if half {
				add += w.n / 2
			}
			if fracDigit > 1 {
				if (frac*w.n)%fracDigit != 0 {
					return 0, errors.New("not a whole rupiah")
				}
				add += frac * w.n / fracDigit
			}
			if total > maxAmount-add {
				return 0, errTooLarge
			}
			total += add
			group, unit, half, inFrac, frac, fracDigit, lastScale = 0, 0, false, false, 0, 0, w.n
		case wHalf:
			if half || inFrac {
				return 0, errors.New("half twice")
			}
			half = true
			numbers++
		case wPoint:
			if inFrac || group+unit == 0 {
				return 0, errors.New("koma without a number before it")
			}
			inFrac, fracDigit = true, 1
		case wJoin:
			// "a million", "a hundred": one of them.
			if f == "a" && unit == 0 && group == 0 && i+1 < len(fields) {
				if next := numberWords[fields[i+1]]; next.kind == wScale || next.kind == wRatus {
					unit = 1
					numbers++
				}
			}
		case wRupiah:
			if i != len(fields)-1 {
				return 0, errors.New("rupiah comes last")
			}
		}
	}
	if numbers == 0 {
		return 0, errNotWords
	}
	if half || inFrac {
		return 0, errors.New("half or decimals without ribu, juta or miliar after them")
	}
	if group+unit >= lastScale {
		return 0, errors.New("scales must go down")
	}
	if total > maxAmount-(group+unit) {
		return 0, errTooLarge
	}
	return total + group + unit, nil
}

// isNumberWord reports whether f says a number by itself (not only an operator like ribu).
func isNumberWord(f string) bool {
	if w, ok := numberWords[f]; ok {
		switch w.kind {
		case wDigit, wTeen, wTens, wSeratus, wSeScale, wHalf:
			return true
		}
		return f == "a"
	}
	_, err := digits(f)
	return err == nil
}
