package main

import (
	"slices"
	"strings"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// SHUConfig is how the year's surplus (sisa hasil usaha) is shared, as the AD/ART says
// (coop.SHURules): the shares, and the savings that make a member's average.
type SHUConfig struct {
	Shares         SHUSharesConfig `yaml:"shares"`
	SavingsCounted []string        `yaml:"savings_counted"`
}

// SHUSharesConfig are the parts of the surplus: two for members, the rest the cooperative's funds.
type SHUSharesConfig struct {
	JasaSimpanan           Rate `yaml:"jasa_simpanan"`
	JasaPinjaman           Rate `yaml:"jasa_pinjaman"`
	Cadangan               Rate `yaml:"cadangan"`
	Pengurus               Rate `yaml:"pengurus"`
	Karyawan               Rate `yaml:"karyawan"`
	Pendidikan             Rate `yaml:"pendidikan"`
	Sosial                 Rate `yaml:"sosial"`
	PembangunanDaerahKerja Rate `yaml:"pembangunan_daerah_kerja"`
}

// funds are the cooperative's parts by fund, with their keys.
func (s SHUSharesConfig) funds() []struct {
	fund store.SHUFund
	rate Rate
} {
	return []struct {
		fund store.SHUFund
		rate Rate
	}{{store.FundReserve, s.Cadangan}, {store.FundBoard, s.Pengurus}, {store.FundStaff, s.Karyawan},
		{store.FundEducation, s.Pendidikan}, {store.FundSocial, s.Sosial}, {store.FundRegion, s.PembangunanDaerahKerja}}
}

// defaultSHUConfig is coop.DefaultSHU as config writes it.
func defaultSHUConfig() SHUConfig {
	d := coop.DefaultSHU
	return SHUConfig{SavingsCounted: slices.Clone(d.SavingsKinds), Shares: SHUSharesConfig{JasaSimpanan: Rate(d.SavingsBP), JasaPinjaman: Rate(d.LoansBP),
		Cadangan: Rate(d.Funds[store.FundReserve]), Pengurus: Rate(d.Funds[store.FundBoard]), Karyawan: Rate(d.Funds[store.FundStaff]),
		Pendidikan: Rate(d.Funds[store.FundEducation]), Sosial: Rate(d.Funds[store.FundSocial]), PembangunanDaerahKerja: Rate(d.Funds[store.FundRegion])}}
}

// Rules are the SHU settings as coop applies them.
func (s SHUConfig) Rules() coop.SHURules {
	r := coop.SHURules{SavingsBP: int64(s.Shares.JasaSimpanan), LoansBP: int64(s.Shares.JasaPinjaman), Funds: map[store.SHUFund]int64{},
		SavingsKinds: slices.Clone(s.SavingsCounted)}
	for _, f := range s.Shares.funds() {
		if f.rate > 0 {
			r.Funds[f.fund] = int64(f.rate)
		}
	}
	return r
}

// shuSavingsKinds are the kinds of savings an average can count.
var shuSavingsKinds = []string{store.ProductPokok, store.ProductWajib, store.ProductSukarela, store.ProductTabungan}

// validateSHU checks that the shares add up to 100% with a reserve, and the savings counted.
func (c *Config) validateSHU(bad complaint) {
	s := c.SHU.Shares
	total := s.JasaSimpanan + s.JasaPinjaman
	for _, f := range s.funds() {
		total += f.rate
	}
	if total != 10_000 {
		bad("shu.shares", "they add up to %d.%02d%%; the parts of the surplus must add up to 100%%", total/100, total%100)
	}
	if s.Cadangan <= 0 {
		bad("shu.shares.cadangan", "give the reserve (dana cadangan) a share: UU 25/1992 pasal 45 asks for one")
	}
	if len(c.SHU.SavingsCounted) == 0 {
		bad("shu.savings_counted", "name the savings whose balances make a member's average, from %s", strings.Join(shuSavingsKinds, ", "))
	}
	for i, k := range c.SHU.SavingsCounted {
		if !slices.Contains(shuSavingsKinds, k) {
			bad("shu.savings_counted", "%q is not a kind of savings (write %s)", k, strings.Join(shuSavingsKinds, ", "))
		} else if slices.Contains(c.SHU.SavingsCounted[:i], k) {
			bad("shu.savings_counted", "%q is listed twice", k)
		}
	}
}
