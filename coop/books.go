package coop

// Books are the cooperative-wide rules of the books that run by themselves (issue 16): the
// tax withheld from members' interest and the days past due of each collectibility grade.
// Each product's own settings (rates, methods, fees, posting days) are in its ProductParams.
type Books struct {
	// TaxThreshold and TaxRateBP: interest paid to a member above TaxThreshold rupiah in a
	// month has TaxRateBP/10,000 of the whole of it withheld (PP 15/2009: 10% above Rp240.000).
	TaxThreshold int64
	TaxRateBP    int64
	// Grades are the days past due from which a loan is special mention (DPK), substandard
	// (kurang lancar), doubtful (diragukan) and loss (macet); below the first it is current.
	Grades [4]int
}

// DefaultBooks are the rules when config gives none: PP 15/2009's tax on cooperative
// members' interest and OJK's grades (1-90 days special mention, 91-120 substandard,
// 121-180 doubtful, more loss).
var DefaultBooks = Books{TaxThreshold: 240_000, TaxRateBP: 1000, Grades: [4]int{1, 91, 121, 181}}
