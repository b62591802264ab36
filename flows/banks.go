package flows

import "strings"

// banks are the banks members send from and withdraw to most, in the order the list shows
// them, each with the words members name it by. Any other bank is typed after "Lainnya".
var banks = []struct{ name, words string }{
	{"BCA", "bca bank central asia"},
	{"BRI", "bri bank rakyat indonesia britama"},
	{"Bank Mandiri", "bank mandiri livin"},
	{"BNI", "bni bank negara indonesia"},
	{"BSI", "bsi bank syariah indonesia bsm"},
	{"BTN", "btn bank tabungan negara"},
	{"Bank BJB", "bjb bank bjb jabar banten bpd"},
	{"CIMB Niaga", "cimb niaga bank cimb"},
	{"Bank Danamon", "danamon bank danamon"},
	{"Permata Bank", "permata bank permata"},
	{"SeaBank", "seabank sea bank"},
	{"Bank Jago", "jago bank jago"},
}

// bankOther is the last choice of the list: a bank not on it, typed next.
const bankOther = "lainnya bank lain other"

// bankNames are the banks' names as the list shows them.
func bankNames() []string {
	names := make([]string, len(banks))
	for i, b := range banks {
		names[i] = b.name
	}
	return names
}

// pickBank reads a bank from the list: its number, or its name as members write it
// ("bca", "bank mandiri", "mandri"). other is true when the member chose Lainnya.
func (c *Convo[T]) pickBank() (name string, other, ok bool) {
	labels := make([]string, 0, len(banks)+1)
	for _, b := range banks {
		labels = append(labels, b.words)
	}
	labels = append(labels, bankOther)
	n, ok := c.Pick(labels...)
	switch {
	case !ok:
		return "", false, false
	case n == len(labels):
		return "", true, true
	}
	return banks[n-1].name, false, true
}

// readBank reads the bank a member names in step "bank" (from the list) or "bank-other"
// (one not on it, after Lainnya). When ok is false, res asks again, or for the other bank's name.
func (c *Convo[T]) readBank(text string) (bank string, res Result, ok bool) {
	if c.Step == "bank" {
		bank, other, ok := c.pickBank()
		switch {
		case !ok:
			return "", c.Retry(c.Msg.BadBankName(len(banks))), false
		case other:
			return "", c.Ask("bank-other", c.Msg.AskOtherBank()), false
		}
		return bank, Result{}, true
	}
	bank, ok = otherBankName(text)
	if !ok {
		return "", c.Retry(c.Msg.BadOtherBank()), false
	}
	if listed, other, ok := c.pickBank(); ok && !other {
		bank = listed // on the list after all: its usual name
	}
	return bank, Result{}, true
}

// otherBankName reads the name of a bank not on the list, typed after "Lainnya": letters,
// 2 to 40 of them ("Bank Jatim", "bank sumut").
func otherBankName(text string) (string, bool) {
	s := strings.Join(strings.Fields(text), " ")
	letters := 0
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
			letters++
		case r == ' ' || r == '.' || r == '-' || r == '&' || r >= '0' && r <= '9':
		default:
			return "", false
		}
	}
	if letters < 2 || len([]rune(s)) > 40 {
		return "", false
	}
	if len(s) <= 4 && !strings.Contains(s, " ") {
		return strings.ToUpper(s), true // BPD, BTPN
	}
	return properName(s), true
}
