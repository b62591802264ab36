package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/kopbot/kopbot/ktp"
)

// runKTP is staff's KTP tooling; `kopbot ktp check NIK` reads what a NIK encodes.
func runKTP(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "check" {
		fmt.Fprintln(stderr, "Usage: kopbot ktp check NIK\n\nChecks a NIK's shape and prints what it encodes as JSON (province, gender, birth date); exit 1 with the reason when it is not valid.")
		return flag.ErrHelp
	}
	fs := flag.NewFlagSet("ktp check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("ktp check: give the NIK, like kopbot ktp check 3204011708900001")
	}
	n, err := ktp.Parse(strings.Join(fs.Args(), " "), time.Now())
	if err != nil {
		return fmt.Errorf("ktp check: %s is not a valid NIK: %w", ktp.Mask(strings.Join(fs.Args(), "")), err)
	}
	out := struct {
		Valid     bool   `json:"valid"`
		NIK       string `json:"nik"`
		Province  string `json:"province"`
		Code      string `json:"province_code"`
		City      bool   `json:"city"`
		Gender    string `json:"gender"`
		BirthDate string `json:"birth_date"`
	}{true, n.Number, n.Province, n.ProvinceCode, n.IsCity, n.Gender, n.BirthDate.Format(time.DateOnly)}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
