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
	r := wordsReader{lastScale: maxAmount + 1}
	for i, f := range fields {
		w, ok := numberWords[f]
		if !ok {
			n, err := digits(f)
			if err != nil {
				return 0, errNotWords
			}
			w = wordValue{kind: -1, n: n}
		}
		if err := r.read(w, f, fields[i+1:]); err != nil {
			return 0, err
		}
	}
	return r.result()
}

// wordsReader is what has been read of an amount in words, left to right.
type wordsReader struct {
	total     int64 // finished scales
	group     int64 // hundreds of the group being read
	unit      int64 // tens and units of the group being read
	frac      int64 // decimals after koma, as an integer
	fracDigit int64 // 10^(number of decimals)
	half      bool
	inFrac    bool
	numbers   int
	lastScale int64
}

// read takes the word f, worth w; rest are the words after it.
func (r *wordsReader) read(w wordValue, f string, rest []string) error {
	if r.inFrac && w.kind != wDigit && w.kind != -1 && w.kind != wScale {
		return errors.New("only digits may follow koma")
	}
	switch w.kind {
	case -1: // a whole number written in digits
		return r.figures(w, f)
	case wDigit:
		return r.digit(w)
	case wTeen, wTens:
		if r.unit != 0 {
			return errors.New("two numbers in a row")
		}
		r.unit = w.n
		r.numbers++
	case wBelas, wPuluh:
		if r.unit < 1 || r.unit > 9 {
			return errors.New("belas and puluh follow a digit")
		}
		if w.kind == wBelas {
			r.unit += 10
		} else {
			r.unit *= 10
		}
	case wRatus:
		if r.unit < 1 || r.unit > 9 || r.group != 0 {
			return errors.New("ratus follows a digit")
		}
		r.group, r.unit = r.unit*100, 0
	case wSeratus:
		if r.unit != 0 || r.group != 0 {
			return errors.New("two numbers in a row")
		}
		r.group = 100
		r.numbers++
	case wSeScale, wScale:
		return r.scale(w)
	case wHalf:
		if r.half || r.inFrac {
			return errors.New("half twice")
		}
		r.half = true
		r.numbers++
	case wPoint:
		if r.inFrac || r.group+r.unit == 0 {
			return errors.New("koma without a number before it")
		}
		r.inFrac, r.fracDigit = true, 1
	case wJoin:
		// "a million", "a hundred": one of them.
		if f == "a" && r.unit == 0 && r.group == 0 && len(rest) > 0 {
			if next := numberWords[rest[0]]; next.kind == wScale || next.kind == wRatus {
				r.unit = 1
				r.numbers++
			}
		}
	case wRupiah:
		if len(rest) > 0 {
			return errors.New("rupiah comes last")
		}
	}
	return nil
}

// figures takes a whole number written in digits (f), as the units or as the decimals after koma.
func (r *wordsReader) figures(w wordValue, f string) error {
	if r.inFrac {
		if r.fracDigit > 1 || w.n >= 1000 {
			return errors.New("too many decimals")
		}
		r.frac, r.fracDigit = w.n, pow10[len(f)]
		return nil
	}
	if r.unit != 0 || r.group != 0 {
		return errors.New("two numbers in a row")
	}
	r.unit = w.n
	r.numbers++
	return nil
}

// digit takes a digit word, as the units or as one more decimal after koma.
func (r *wordsReader) digit(w wordValue) error {
	if r.inFrac {
		if r.fracDigit >= 1000 {
			return errors.New("too many decimals")
		}
		r.frac, r.fracDigit = r.frac*10+w.n, max(r.fracDigit, 1)*10
		return nil
	}
	if r.unit%10 != 0 || r.unit >= 100 {
		return errors.New("two digits in a row")
	}
	r.unit += w.n
	r.numbers++
	return nil
}

// scale finishes the group being read with ribu, juta or miliar (or seribu, sejuta...),
// with its half or decimals.
func (r *wordsReader) scale(w wordValue) error {
	if w.kind == wSeScale {
		if r.unit != 0 || r.group != 0 || r.half {
			return errors.New("two numbers in a row")
		}
		r.unit = 1
		r.numbers++
	}
	v := r.group + r.unit
	if v == 0 && !r.half && r.fracDigit == 0 {
		return errors.New("a scale without a number")
	}
	if w.n >= r.lastScale {
		return errors.New("scales must go down")
	}
	if v > maxAmount/w.n {
		return errTooLarge
	}
	add := v * w.n
	if r.half {
		add += w.n / 2
	}
	if r.fracDigit > 1 {
		if (r.frac*w.n)%r.fracDigit != 0 {
			return errors.New("not a whole rupiah")
		}
		add += r.frac * w.n / r.fracDigit
	}
	if r.total > maxAmount-add {
		return errTooLarge
	}
	r.total += add
	r.group, r.unit, r.half, r.inFrac, r.frac, r.fracDigit, r.lastScale = 0, 0, false, false, 0, 0, w.n
	return nil
}

// result is the amount read, once every word has been.
func (r *wordsReader) result() (int64, error) {
	if r.numbers == 0 {
		return 0, errNotWords
	}
	if r.half || r.inFrac {
		return 0, errors.New("half or decimals without ribu, juta or miliar after them")
	}
	if r.group+r.unit >= r.lastScale {
		return 0, errors.New("scales must go down")
	}
	if r.total > maxAmount-(r.group+r.unit) {
		return 0, errTooLarge
	}
	return r.total + r.group + r.unit, nil
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
