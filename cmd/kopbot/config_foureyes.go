package main

import (
	"math"
	"time"

	"github.com/kopbot/kopbot/coop"
)

// FourEyesConfig is four eyes on large money (four_eyes:): which operations wait for a
// second staff member's approval. above is the limit of every operation not given its own;
// an operation waits when its amount is above its limit, and a limit of 0 holds every one.
// With none of them given, four eyes is off.
type FourEyesConfig struct {
	Above          *Amount  `yaml:"above"`
	Disbursement   *Amount  `yaml:"disbursement"`
	Reversal       *Amount  `yaml:"reversal"`
	CashWithdrawal *Amount  `yaml:"cash_withdrawal"`
	Withdrawal     *Amount  `yaml:"withdrawal"`
	ExpireAfter    Duration `yaml:"expire_after"`
}

// Rules are the four-eyes settings as coop applies them.
func (f FourEyesConfig) Rules() coop.FourEyes {
	limit := func(own *Amount) int64 {
		switch {
		case own != nil:
			return int64(*own)
		case f.Above != nil:
			return int64(*f.Above)
		}
		return math.MaxInt64 // not held
	}
	on := f.Above != nil || f.Disbursement != nil || f.Reversal != nil || f.CashWithdrawal != nil || f.Withdrawal != nil
	return coop.FourEyes{On: on, Disbursement: limit(f.Disbursement), Reversal: limit(f.Reversal),
		CashWithdrawal: limit(f.CashWithdrawal), Withdrawal: limit(f.Withdrawal), Expire: time.Duration(f.ExpireAfter)}
}

// validateFourEyes checks the four_eyes section.
func (c *Config) validateFourEyes(bad complaint) {
	if err := c.FourEyes.Rules().Validate(); err != nil {
		bad("four_eyes", "%v", err)
	}
}
