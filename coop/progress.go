package coop

// Progress is told how far a long operation (an import, a report over a year, SHU) has come:
// done out of total units of work. A nil Progress tells no one.
type Progress func(done, total int)

// Step reports done out of total, if anyone listens.
func (p Progress) Step(done, total int) {
	if p != nil {
		p(done, total)
	}
}
