package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The command table is sound: names are unique in their group, every group has subcommands,
// and every subcommand's group is a group.
func TestCommandTable(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range commands {
		key := c.Group + " " + c.Name
		if seen[key] {
			t.Errorf("kopbot %s is in the table twice", strings.TrimSpace(key))
		}
		seen[key] = true
		if c.Doc == "" || strings.Contains(c.Doc, "\n") {
			t.Errorf("kopbot %s: the doc must be one line", strings.TrimSpace(key))
		}
		if c.Group != "" {
			if g, ok := lookup("", c.Group); !ok || g.Run != nil {
				t.Errorf("kopbot %s: %q is not a group", key, c.Group)
			}
			if c.Run == nil {
				t.Errorf("kopbot %s has nothing to run", key)
			}
		} else if c.Run == nil && len(subcommands(c.Name)) == 0 {
			t.Errorf("group kopbot %s has no subcommands", c.Name)
		}
	}
}

// README.md's command reference and the usage texts name exactly the commands of the table:
// one "### `kopbot NAME ARGS`" heading under "## Commands" for each top-level command (with
// the table's ARGS, if any), and a "    kopbot GROUP NAME ..." example line for each subcommand.
func TestREADMECommandsMatchTable(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	section := commandsSection(t, string(readme))

	var top []string
	for _, c := range subcommands("") {
		top = append(top, c.Name)
	}

	// Headings: every backquoted `kopbot ...` in a ### heading.
	headed := map[string]string{} // name -> args, as the heading gives them
	quoted := regexp.MustCompile("`kopbot ([^`]*)`")
	for _, line := range strings.Split(section, "\n") {
		if !strings.HasPrefix(line, "### ") {
			continue
		}
		for _, m := range quoted.FindAllStringSubmatch(line, -1) {
			name, args, _ := strings.Cut(m[1], " ")
			headed[name] = args
		}
	}
	for _, c := range subcommands("") {
		args, ok := headed[c.Name]
		switch {
		case !ok:
			t.Errorf("README.md has no ### `kopbot %s` heading under ## Commands", c.Name)
		case args != c.Args:
			t.Errorf("README.md's heading says `kopbot %s %s`; the table says `kopbot %s %s`", c.Name, args, c.Name, c.Args)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(headed)) {
		if !slices.Contains(top, name) {
			t.Errorf("README.md has a heading for `kopbot %s`, which is not in the command table", name)
		}
	}

	// Subcommands: the indented example lines.
	documented := map[string]bool{} // "group name"
	example := regexp.MustCompile(`(?m)^    kopbot (\S+) (\S+)`)
	for _, m := range example.FindAllStringSubmatch(section, -1) {
		if g, ok := lookup("", m[1]); ok && g.Run == nil {
			documented[m[1]+" "+m[2]] = true
		}
	}
	for _, c := range commands {
		if c.Group != "" && !documented[c.Group+" "+c.Name] {
			t.Errorf("README.md shows no `kopbot %s %s ...` line under ### `kopbot %s`", c.Group, c.Name, c.Group)
		}
	}
	for _, sub := range slices.Sorted(maps.Keys(documented)) {
		group, name, _ := strings.Cut(sub, " ")
		if _, ok := lookup(group, name); !ok {
			t.Errorf("README.md shows `kopbot %s`, which is not in the command table", sub)
		}
	}

	// The usage texts list the table, in its order.
	if got := usageList(t, usage(""), "Commands:"); !slices.Equal(got, top) {
		t.Errorf("kopbot help lists %v; the table has %v", got, top)
	}
	for _, g := range subcommands("") {
		if g.Run != nil {
			continue
		}
		var want []string
		for _, c := range subcommands(g.Name) {
			want = append(want, c.Name)
		}
		if got := usageList(t, usage(g.Name), "Subcommands:"); !slices.Equal(got, want) {
			t.Errorf("kopbot %s help lists %v; the table has %v", g.Name, got, want)
		}
	}
}

// commandsSection is README.md's "## Commands" section, up to the next "## " heading.
func commandsSection(t *testing.T, readme string) string {
	t.Helper()
	_, after, ok := strings.Cut(readme, "\n## Commands\n")
	if !ok {
		t.Fatal(`README.md has no "## Commands" section`)
	}
	if i := strings.Index(after, "\n## "); i >= 0 {
		after = after[:i]
	}
	return after
}

// usageList is the names a usage text lists after the title line, up to the blank line.
func usageList(t *testing.T, text, title string) []string {
	t.Helper()
	_, list, ok := strings.Cut(text, "\n"+title+"\n")
	if !ok {
		t.Fatalf("no %q in the usage:\n%s", title, text)
	}
	list, _, _ = strings.Cut(list, "\n\n")
	var names []string
	for _, line := range strings.Split(list, "\n") {
		if strings.HasPrefix(line, "  ") && !strings.HasPrefix(line, "   ") {
			names = append(names, strings.Fields(line)[0])
		}
	}
	return names
}

// Every command's -h and a flag it does not have print the usage made from the table
// ("Usage: kopbot GROUP NAME ARGS"), never Go's own "Usage of NAME:", and run nothing.
func TestEveryCommandsUsage(t *testing.T) {
	for _, c := range commands {
		if c.Run == nil {
			continue
		}
		path := strings.TrimSpace(c.Group + " " + c.Name)
		want := strings.TrimSpace("Usage: kopbot "+path+" "+c.Args) + "\n\n"
		for _, flagArg := range []string{"-h", "-no-such-flag"} {
			var out, errOut bytes.Buffer
			args := append(strings.Fields(path), flagArg)
			err := run(context.Background(), args, strings.NewReader(""), &out, &errOut)
			switch {
			case flagArg == "-h" && !errors.Is(err, flag.ErrHelp):
				t.Errorf("kopbot %s -h: %v, want flag.ErrHelp", path, err)
			case flagArg != "-h" && (err == nil || !strings.Contains(err.Error(), "flag provided but not defined: -no-such-flag")):
				t.Errorf("kopbot %s %s: %v, want the bad flag named", path, flagArg, err)
			}
			if !strings.Contains(errOut.String(), want) || strings.Contains(errOut.String(), "Usage of") {
				t.Errorf("kopbot %s %s printed:\n%s\nwant it to contain %q", path, flagArg, errOut.String(), want)
			}
			if out.Len() > 0 {
				t.Errorf("kopbot %s %s printed to standard output:\n%s", path, flagArg, out.String())
			}
		}
	}
}

// kopbot serve's flags come from the table like every other command's: its usage says what
// it does and lists -config and -log-level.
func TestServeUsage(t *testing.T) {
	var errOut bytes.Buffer
	err := run(context.Background(), []string{"serve", "-listen", ":8080"}, strings.NewReader(""), io.Discard, &errOut)
	if err == nil || !strings.Contains(err.Error(), "-listen") {
		t.Errorf("serve -listen: %v, want the bad flag named", err)
	}
	got := errOut.String()
	for _, want := range []string{"Usage: kopbot serve\n\nRuns every branch of the config on WhatsApp", "\nFlags:\n", "-config", "-log-level"} {
		if !strings.Contains(got, want) {
			t.Errorf("serve's usage does not contain %q:\n%s", want, got)
		}
	}
}
