package main

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// runBackup copies the live database to a new file, safely while the bot runs.
func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("", "backup", "Writes a consistent copy of the database to FILE (which must not exist) while kopbot keeps running.", stderr)
	fs := c.fs
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("backup: give the file to write, like kopbot backup backups/kopbot-2026-11-21.db")
	}
	app, err := openApp(ctx, c.common, stderr)
	if err != nil {
		return err
	}
	defer app.Close()
	if err := app.DB.Backup(ctx, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Backed up %s to %s.\n", app.DB.Path, fs.Arg(0))
	return nil
}
