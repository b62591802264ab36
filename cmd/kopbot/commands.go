package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
)

// command is one line of kopbot's command table: a command (`kopbot backup`), a group of
// subcommands (`kopbot members`, with Run nil), or a group's subcommand (`kopbot members approve`).
type command struct {
	Group string // the group it belongs to, "" at the top level
	Name  string
	Args  string // what follows the name in the usage lists and the README: `REG-NO -reason "..."`
	Doc   string // one line, for the usage lists (wrapped there)
	Run   runFunc
	// Creates: the command may start a new database (a first step); the others refuse a missing one.
	Creates bool

	// A group's usage: a paragraph before its list of subcommands, and one after.
	About, Notes string
}

// runFunc runs one command with the arguments after its name.
type runFunc func(ctx context.Context, args []string, std stdio) error

// stdio is what a command reads and writes.
type stdio struct {
	in       io.Reader
	out, err io.Writer
}

// commands is kopbot's command line, in the order of the usage texts, a group after its
// group line. It is set in init: the commands make their usage from it.
var commands []command

func init() {
	commands = slices.Concat(runCommands(), membersCommands(), loansCommands(), ledgerCommands(), booksCommands(), reportCommands(), tellerCommands(), depositsCommands(),
		withdrawalsCommands(), approvalsCommands(), qrisCommands(), ktpCommands(), jobsCommands(), outboxCommands(), handoverCommands(), shuCommands(), staffCommands(), keysCommands(), toolCommands())
}

// runCommands are the commands that run kopbot and set it up.
func runCommands() []command {
	return []command{
		{Name: "serve", Creates: true, Doc: "run every branch on WhatsApp, with the admin web pages", Run: noStdin(runServe)},
		{Name: "pair", Creates: true, Args: "[-phone NUMBER] [-yes] BRANCH", Doc: "pair a branch's WhatsApp number by QR code or phone code", Run: withStdin(runPair)},
		{Name: "chat", Creates: true, Doc: "talk to the bot in the terminal (or as JSON lines with -jsonl)", Run: withStdin(runChat)},
		{Name: "demo", Creates: true, Doc: "load the demo members, staff accounts and work waiting for the branch", Run: noStdin(runDemo)},
		{Name: "backup", Args: "FILE", Doc: "copy the database to a new file, safely while kopbot runs", Run: noStdin(runBackup)},
		{Name: "restore", Args: "[-force] FILE", Doc: "check a backup and make it the database of the data directory (kopbot stopped)", Run: noStdin(runRestore)},
	}
}

// membersCommands are kopbot members: members, applications, loan applications, the import.
func membersCommands() []command {
	return []command{
		{Name: "members", Doc: "list, find and decide on members, applications and loan requests; import members",
			Notes: `Every subcommand takes -config FILE and -log-level LEVEL. Decisions are sent to the member
	on WhatsApp by 'kopbot serve' (or shown by 'kopbot chat' if they wrote there).`},
		{Group: "members", Name: "list", Args: "[-status STATUS] [-json]", Run: noStdin(membersList),
			Doc: "members and applicants (STATUS: applicant, active, suspended, closed, rejected)"},
		{Group: "members", Name: "show", Args: "QUERY", Run: noStdin(membersShow),
			Doc: "one member's details, savings, deposits, loans and loan applications; QUERY is a member number, REG-000001, a NIK, a phone number or part of a name"},
		{Group: "members", Name: "approve", Args: "REG-NO", Run: noStdin(membersApprove),
			Doc: "approve a membership application: member number, simpanan pokok and wajib"},
		{Group: "members", Name: "reject", Args: `REG-NO -reason "..."`, Run: noStdin(membersReject),
			Doc: "turn an application down; the applicant is told the reason"},
		{Group: "members", Name: "reset-pin", Args: "MEMBER-NO", Run: noStdin(membersResetPIN),
			Doc: "clear a member's PIN; they set a new one at their next PIN step"},
		{Group: "members", Name: "merchant", Args: "MEMBER-NO -payload PAYLOAD | MEMBER-NO -off", Run: noStdin(membersMerchant),
			Doc: "let a member take QRIS payments with their static QRIS; -off stops it"},
		{Group: "members", Name: "loans", Args: "[-status STATUS]", Run: noStdin(membersLoans),
			Doc: "loan applications (STATUS: pending, approved, rejected)"},
		{Group: "members", Name: "loan-approve", Args: "PJ-NO", Run: noStdin(membersLoanApprove),
			Doc: "approve a loan application"},
		{Group: "members", Name: "loan-reject", Args: `PJ-NO -reason "..."`, Run: noStdin(membersLoanReject),
			Doc: "turn a loan application down; the member is told the reason"},
		{Group: "members", Name: "import", Creates: true, Args: "[-branch ID] [-dry-run] FILE.csv", Run: withStdin(membersImport),
			Doc: "bring in existing members with their savings and opening balances, all or nothing"},
		{Group: "members", Name: "statement", Args: "MEMBER-NO [-from DAY] [-to DAY] [-lang id|en] [-o FILE.pdf]", Run: noStdin(membersStatement),
			Doc: "a member's statement (rekening koran) as a PDF: every account's movements over the period"},
		{Group: "members", Name: "change-phone", Args: "MEMBER-NO PHONE [-by NAME]", Run: noStdin(membersChangePhone),
			Doc: "move a member to a new WhatsApp number: the old one's link ends, both are told, the new one links again"},
		{Group: "members", Name: "edit", Args: `MEMBER-NO [-name ...] [-nik ...] [-birth-date ...] [-gender L|P] [-address "..."] [-occupation ...] [-by NAME]`,
			Run: noStdin(membersEdit), Doc: "correct a member's data; each change is kept in their history"},
		{Group: "members", Name: "ceiling", Args: "MEMBER-NO AMOUNT|default [-by NAME]", Run: noStdin(membersCeiling),
			Doc: "set a member's installment ceiling (plafon angsuran), or put them back on the default"},
		{Group: "members", Name: "suspend", Args: `MEMBER-NO -reason "..." [-by NAME]`, Run: noStdin(membersSuspend),
			Doc: "suspend a member: they can read their accounts on WhatsApp but move no money; they are told why"},
		{Group: "members", Name: "reactivate", Args: `MEMBER-NO [-reason "..."] [-by NAME]`, Run: noStdin(membersReactivate),
			Doc: "lift a suspension; the member is told"},
		{Group: "members", Name: "leave", Args: "MEMBER-NO [-to cash|bank] [-dry-run] [-yes] [-by NAME]", Run: withStdin(membersLeave),
			Doc: "let a member leave: savings less loans and fees owed, paid out, accounts closed, the member told"},
		{Group: "members", Name: "history", Args: "MEMBER-NO", Run: noStdin(membersHistory),
			Doc: "what staff changed on a member's record: when, who, old -> new, why"},
	}
}

// loansCommands are kopbot loans: loans after approval, their grades and collateral.
func loansCommands() []command {
	return []command{
		{Name: "loans", Doc: "loans after approval: where each stands, days past due and grade, collateral",
			About: `A loan approved (kopbot members loan-approve) waits for its disbursement at the akad
	(kopbot teller disburse); then it is active until paid. The day's close recomputes every
	active loan's days past due and collectibility grade.`,
			Notes: `Every subcommand takes -config FILE and -log-level LEVEL.`},
		{Group: "loans", Name: "list", Args: "[-status STATUS] [-branch ID]", Run: noStdin(loansList),
			Doc: "loans with what they owe, days past due and grade, then active loans per grade per branch (STATUS: approved, active, paid, written_off; default active)"},
		{Group: "loans", Name: "show", Args: "LOAN-ACCOUNT", Run: noStdin(loansShow),
			Doc: "one loan: member, terms, status, installments paid, days past due, grade and collateral"},
		{Group: "loans", Name: "import", Creates: true, Args: "[-branch ID] [-dry-run] [-by NAME] FILE.csv", Run: withStdin(loansImport),
			Doc: "bring in the loans running in the old books (members imported first): schedules remade, installments paid marked, outstanding principal against equity; all or nothing"},
		{Group: "loans", Name: "collateral", Args: `LOAN-ACCOUNT -kind KIND -description "..." -value AMOUNT`, Run: noStdin(loansCollateral),
			Doc: "record collateral (jaminan) on an approved or active loan: BPKB, sertifikat, SK, emas..."},
	}
}

// ledgerCommands are kopbot ledger: proofs and balances.
func ledgerCommands() []command {
	return []command{
		{Name: "ledger", Doc: "prove the ledger's invariants (check); branch balances to reconcile (balances)",
			Notes: `Every subcommand takes -config FILE and -log-level LEVEL. Neither changes the ledger, and
	both can run while kopbot serve does.`},
		{Group: "ledger", Name: "check", Args: "[-json]", Run: noStdin(ledgerCheck),
			Doc: "prove the ledger's invariants on the live database; exit status 1, with every violation listed, when any does not hold"},
		{Group: "ledger", Name: "balances", Args: "[-branch ID]", Run: noStdin(ledgerBalances),
			Doc: "a branch's own accounts (cash, bank, QRIS settlement, suspense, equity, income) and its members' savings, deposits and loans outstanding, to compare cash with the drawer and bank with the statement"},
	}
}

// tellerCommands are kopbot teller: money moved at the counter.
func tellerCommands() []command {
	return []command{
		{Name: "teller", Doc: "cash deposits and withdrawals, loan disbursements, installments and early repayment, reversals, early withdrawal of time deposits",
			About: `Money moved at the counter. Each movement is one journal transaction, and the member gets
	a receipt on WhatsApp.`,
			Notes: `Every subcommand that moves money takes -key KEY, the movement's idempotency key: the
	same command with the same key moves money once, and says so the second time. Without -key a
	fresh key is made and printed first; if the command's outcome is unclear (a crash, a lost
	connection), run it again with that key. -by NAME says who is at the counter (default cli). Also -config FILE
	and -log-level LEVEL. Under four eyes (four_eyes: in config), withdraw, disburse and reverse
	above their amount wait for a second staff member instead (kopbot approvals); -by is then required.

	AMOUNT is written as members write it: 1500000, 1.500.000, Rp1.500.000, 1,5jt, 500rb.`},
		{Group: "teller", Name: "deposit", Args: `ACCOUNT AMOUNT [-memo "..."]`, Run: noStdin(tellerDeposit),
			Doc: "cash paid into a savings account"},
		{Group: "teller", Name: "withdraw", Args: `ACCOUNT AMOUNT [-memo "..."]`, Run: noStdin(tellerWithdraw),
			Doc: "cash paid out of a savings account: at most the balance less what is held less the product's minimum balance"},
		{Group: "teller", Name: "disburse", Args: "LOAN-ACCOUNT SAVINGS-ACCOUNT", Run: noStdin(tellerDisburse),
			Doc: "pay an approved loan out into the borrower's savings, less its fees; the schedule runs from today"},
		{Group: "teller", Name: "pay-installment", Args: "LOAN-ACCOUNT [-amount AMOUNT] [-from cash|SAVINGS-ACCOUNT]", Run: noStdin(tellerPayInstallment),
			Doc: "take an installment payment; without -amount, what is due today: every overdue installment with its late fees, or else the next installment"},
		{Group: "teller", Name: "write-off", Args: `LOAN-ACCOUNT -reason "..."`, Run: noStdin(tellerWriteOff),
			Doc: "write an active loan off (hapus buku): the principal owed comes off against the branch's equity, and the loan is written off"},
		{Group: "teller", Name: "payoff-quote", Args: "LOAN-ACCOUNT [-date YYYY-MM-DD]", Run: noStdin(tellerPayoffQuote),
			Doc: "what paying a loan off costs on a day (principal, interest to date, late fees); nothing moves"},
		{Group: "teller", Name: "repay-early", Args: "LOAN-ACCOUNT AMOUNT|all [-from cash|SAVINGS-ACCOUNT]", Run: noStdin(tellerRepayEarly),
			Doc: "repay a loan early: all pays it off, less is a partial repayment that rewrites the installments left"},
		{Group: "teller", Name: "reverse", Args: `JOURNAL-KEY -reason "..."`, Run: noStdin(tellerReverse),
			Doc: "undo a movement with a new, opposite one (the key, or its reference TRX-000123)"},
		{Group: "teller", Name: "break-deposit", Args: "DEPOSIT-ACCOUNT", Run: noStdin(tellerBreakDeposit),
			Doc: "pay a time deposit out before maturity into the member's savings, less the product's penalty; unpaid interest is forfeited"},
		{Group: "teller", Name: "deposit-instruction", Args: "DEPOSIT-ACCOUNT aro-pokok|aro-total|cair", Run: noStdin(tellerDepositInstruction),
			Doc: "change what a time deposit does at its next maturity: renew the principal, renew principal and interest, or pay out to savings"},
	}
}

// depositsCommands are kopbot deposits: deposits reported on WhatsApp.
func depositsCommands() []command {
	return []command{
		{Name: "deposits", Doc: "deposits members reported on WhatsApp with a transfer proof: list, verify, cancel",
			About: `Deposits members made by bank transfer and reported on WhatsApp (Setoran) with a photo of
	the proof. They wait as pending (Belum Diverifikasi) until staff find the transfer on the
	branch's bank statement.`,
			Notes: `verify and cancel take -by NAME, who decides (default cli). A deposit is decided once.
	Every subcommand takes -config FILE and -log-level LEVEL. The member is told on WhatsApp.`},
		{Group: "deposits", Name: "list", Args: "[-status STATUS]", Run: noStdin(depositsList),
			Doc: "deposits, oldest first (STATUS: pending, verified, cancelled)"},
		{Group: "deposits", Name: "verify", Args: "SET-NO", Run: noStdin(depositsVerify),
			Doc: "credit the deposit to the member's savings from the branch's bank account"},
		{Group: "deposits", Name: "cancel", Args: `SET-NO -reason "..."`, Run: noStdin(depositsCancel),
			Doc: "turn the deposit down; nothing moves, the member is told why"},
	}
}

// approvalsCommands are kopbot approvals: four eyes on large money.
func approvalsCommands() []command {
	return []command{
		{Name: "approvals", Doc: "operations waiting for a second staff member (four eyes): list, approve, reject",
			About: `Four eyes on large money (four_eyes: in config): a disbursement, a reversal, a cash withdrawal
	or a withdrawal paid above its amount waits here as APV-000001 until a second staff member
	approves it; only then does the money move, once. The one who asked cannot approve their own.`,
			Notes: `approve and reject require -by NAME, who decides. A request is decided once. Every
	subcommand takes -config FILE and -log-level LEVEL.`},
		{Group: "approvals", Name: "list", Args: "[-status STATUS] [-branch ID]", Run: noStdin(approvalsList),
			Doc: "requests, oldest first (STATUS: pending (default), approved, rejected, expired, all)"},
		{Group: "approvals", Name: "approve", Args: "APV-NO -by NAME", Run: noStdin(approvalsApprove),
			Doc: "run the operation now, as the maker's, with you recorded as the checker"},
		{Group: "approvals", Name: "reject", Args: `APV-NO -reason "..." -by NAME`, Run: noStdin(approvalsReject),
			Doc: "turn the request down; nothing moves, the maker is told why"},
	}
}

// withdrawalsCommands are kopbot withdrawals: withdrawals asked for on WhatsApp.
func withdrawalsCommands() []command {
	return []command{
		{Name: "withdrawals", Doc: "withdrawals members asked for on WhatsApp: list, pay, reject",
			About: `Withdrawals members asked for on WhatsApp (Penarikan), to be paid to their bank account.
	The amount is held on their savings from the request until staff pay or reject it.`,
			Notes: `pay and reject take -by NAME, who decides (default cli). A withdrawal is decided once.
	Every subcommand takes -config FILE and -log-level LEVEL. The member is told on WhatsApp.`},
		{Group: "withdrawals", Name: "list", Args: "[-status STATUS]", Run: noStdin(withdrawalsList),
			Doc: "withdrawals, oldest first (STATUS: pending, paid, rejected)"},
		{Group: "withdrawals", Name: "pay", Args: "TRK-NO", Run: noStdin(withdrawalsPay),
			Doc: "after transferring the money from the branch's bank account: the hold is released and the savings debited"},
		{Group: "withdrawals", Name: "reject", Args: `TRK-NO -reason "..."`, Run: noStdin(withdrawalsReject),
			Doc: "turn the withdrawal down; the hold is released, the member is told why"},
	}
}

// qrisCommands are kopbot qris: QRIS payloads and demo payments.
func qrisCommands() []command {
	return []command{
		{Name: "qris", Doc: "decode a QRIS payload, make it dynamic for an amount, pay an invoice as the gateway (demos)",
			Notes: `decode and charge need no config or database; pay, expired and settle take -config FILE and -log-level LEVEL.`},
		{Group: "qris", Name: "decode", Args: "PAYLOAD", Run: noContext(qrisDecode),
			Doc: "print a QRIS (or PromptPay, DuitNow, PayNow/SGQR, EMVCo) payload's scheme and tags as indented JSON, with their names"},
		{Group: "qris", Name: "charge", Args: "-amount N [-ref LABEL] [-png FILE] PAYLOAD", Run: noContext(qrisCharge),
			Doc: "make a static payload dynamic for an amount; -png writes the QR image"},
		{Group: "qris", Name: "pay", Args: "REFERENCE [-payer NAME] [-issuer NAME] [-url URL]", Run: noStdin(qrisPay),
			Doc: "pay an invoice as the payment gateway would: a signed webhook to 'kopbot serve' (for demos and staff training)"},
		{Group: "qris", Name: "expired", Args: "[-branch ID] [-all]", Run: noStdin(qrisExpired),
			Doc: "list QRIS payments not credited though the payer paid (after expiry, paid twice, another amount) still to settle; -all: settled too"},
		{Group: "qris", Name: "settle", Args: "ID -how refunded|credited [-note TEXT] -by USERNAME", Run: noStdin(qrisSettle),
			Doc: "record that staff settled a QRIS payment not credited by hand: refunded to the payer, or credited to the member at the teller"},
	}
}

// ktpCommands are kopbot ktp: NIK checks and KTP verifications.
func ktpCommands() []command {
	return []command{
		{Name: "ktp", Doc: "check a NIK: province, gender and birth date it encodes",
			About: `KTP checks and the KTP verifications members send on WhatsApp (Verifikasi KTP).`,
			Notes: `approve and reject take -by NAME, who decides (default cli). A verification is decided once.
	Every subcommand but check takes -config FILE and -log-level LEVEL. NIKs are shown masked.`},
		{Group: "ktp", Name: "check", Args: "NIK", Run: noContext(ktpCheck),
			Doc: "what a NIK encodes, as JSON (province, gender, birth date); exit 1 with the reason when it is not valid"},
		{Group: "ktp", Name: "pending", Run: noStdin(ktpPending),
			Doc: "verifications waiting for staff or for the aggregator, oldest first, with the paths of their photos"},
		{Group: "ktp", Name: "show", Args: "KTP-NO", Run: noStdin(ktpShow),
			Doc: "one verification and every call made to the aggregator"},
		{Group: "ktp", Name: "approve", Args: "KTP-NO", Run: noStdin(ktpApprove),
			Doc: "the KTP is verified; the member is told"},
		{Group: "ktp", Name: "reject", Args: `KTP-NO -reason "..."`, Run: noStdin(ktpReject),
			Doc: "the KTP is not verified; the member is told why and may send it again"},
	}
}

// jobsCommands are kopbot jobs: scheduled reminders and housekeeping.
func jobsCommands() []command {
	return []command{
		{Name: "jobs", Doc: "scheduled reminders and housekeeping: list them, or run one now (-dry-run to see who would be told)",
			Notes: `Jobs: installment-due, overdue, deposit-maturity, simpanan-wajib, staff-digest, housekeeping.
	kopbot serve runs them on the schedules in the config (jobs:). A reminder already sent is
	never sent again, however often a job runs.

	Every subcommand takes -config FILE and -log-level LEVEL.`},
		{Group: "jobs", Name: "list", Run: noStdin(jobsList),
			Doc: "each scheduled job, its schedule, its last and next run"},
		{Group: "jobs", Name: "run", Args: "NAME [-now RFC3339] [-dry-run] [-force]", Run: noStdin(jobsRun),
			Doc: "run one job now; with -now, look at it as at that time (-force: really run it); -dry-run lists, recording and sending nothing"},
	}
}

// handoverCommands are kopbot handover: chats waiting for staff.
func handoverCommands() []command {
	return []command{
		{Name: "handover", Doc: "chats waiting for staff (members who asked for a person): list them, hand one back to the bot",
			About: `Chats handed over to staff: members who asked for a person ("hubungi petugas", "cs",
	"talk to a person"). The bot keeps quiet for them while staff answer from the branch's
	WhatsApp phone, until staff hand them back, they write "menu", or handover.timeout passes.`,
			Notes: `Every subcommand takes -config FILE and -log-level LEVEL. The admin menu on WhatsApp
	(admin, then 13) does the same.`},
		{Group: "handover", Name: "list", Args: "[-branch ID]", Run: noStdin(handoverList),
			Doc: "the chats waiting for staff, oldest first, with their last messages (long numbers masked)"},
		{Group: "handover", Name: "release", Args: "PHONE [-branch ID] [-by NAME]", Run: noStdin(handoverRelease),
			Doc: "hand the chat back to the bot; the member is told"},
	}
}

// toolCommands are what staff and developers look up and measure.
func toolCommands() []command {
	return []command{
		{Name: "phrases", Args: "[-branch ID] [-days 30] [-top 20] [-csv]", Doc: "what members wrote that the bot did not understand, most often first", Run: noStdin(runPhrases)},
		{Name: "bench", Creates: true, Doc: "measure the whole pipeline on a fresh temporary database (messages/s, latency, memory)", Run: noStdin(runBench)},
		{Name: "version", Doc: "print the versions of kopbot, its WhatsApp library (whatsmeow) and Go", Run: noStdin(runVersion)},
	}
}

// The top level's usage, around its list of commands.
const (
	topAbout = `kopbot: the WhatsApp service of a savings-and-loan cooperative`
	topNotes = `Every command takes -config FILE (default $KOPBOT_CONFIG, else the built-in
defaults) and -log-level LEVEL. Run 'kopbot COMMAND -h' for its flags.`
)

// dispatch runs the command args[0] of group ("" for the top level), or prints the group's usage.
func dispatch(ctx context.Context, group string, args []string, std stdio) error {
	if len(args) == 0 {
		fmt.Fprint(std.err, usage(group))
		return flag.ErrHelp
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		fmt.Fprint(std.out, usage(group))
		return nil
	}
	c, ok := lookup(group, args[0])
	if !ok {
		fmt.Fprint(std.err, usage(group))
		if group == "" {
			return fmt.Errorf("unknown command %q", args[0])
		}
		return fmt.Errorf("%s: unknown subcommand %q", group, args[0])
	}
	if c.Run == nil {
		return dispatch(ctx, c.Name, args[1:], std)
	}
	return c.Run(ctx, args[1:], std)
}

// lookup finds a command of group by name.
func lookup(group, name string) (command, bool) {
	for _, c := range commands {
		if c.Group == group && c.Name == name {
			return c, true
		}
	}
	return command{}, false
}

// subcommands are the commands of group, in the table's order.
func subcommands(group string) []command {
	var out []command
	for _, c := range commands {
		if c.Group == group {
			out = append(out, c)
		}
	}
	return out
}

// usage is the help of group ("" for kopbot itself), made from the table.
func usage(group string) string {
	var b strings.Builder
	if group == "" {
		fmt.Fprintf(&b, "%s\n\nUsage: kopbot COMMAND [flags]\n\nCommands:\n", topAbout)
		writeList(&b, subcommands(""), topLayout)
		fmt.Fprintf(&b, "\n%s\n", topNotes)
		return b.String()
	}
	g, _ := lookup("", group)
	fmt.Fprintf(&b, "Usage: kopbot %s SUBCOMMAND [flags] [ARGS]\n\n", group)
	if g.About != "" {
		fmt.Fprintf(&b, "%s\n\n", g.About)
	}
	b.WriteString("Subcommands:\n")
	writeList(&b, subcommands(group), groupLayout)
	if g.Notes != "" {
		fmt.Fprintf(&b, "\n%s\n", g.Notes)
	}
	return b.String()
}

// listLayout is how a usage list is laid out: docs start in one column, after the widest
// synopsis up to maxSyn (a longer one has a line of its own), and wrap at width.
type listLayout struct {
	withArgs      bool
	maxSyn, width int
}

var (
	topLayout   = listLayout{withArgs: false, maxSyn: 8, width: 120}
	groupLayout = listLayout{withArgs: true, maxSyn: 36, width: 110}
)

const (
	usageIndent   = 2
	usageMinSpace = 2
)

// writeList writes one line (or a few, wrapped) for each command: its synopsis and its doc.
func writeList(w io.Writer, cmds []command, l listLayout) {
	syn := make([]string, len(cmds))
	col := 0
	for i, c := range cmds {
		syn[i] = c.Name
		if l.withArgs && c.Args != "" {
			syn[i] += " " + c.Args
		}
		if n := len(syn[i]); n <= l.maxSyn && n > col {
			col = n
		}
	}
	col += usageIndent + usageMinSpace
	pad := strings.Repeat(" ", col)
	for i, c := range cmds {
		line := strings.Repeat(" ", usageIndent) + syn[i]
		if len(line)+usageMinSpace > col {
			fmt.Fprintln(w, line)
			line = pad
		} else {
			line += pad[len(line):]
		}
		for j, word := range strings.Fields(c.Doc) {
			if j > 0 && len(line)+1+len(word) > l.width {
				fmt.Fprintln(w, line)
				line = pad + word
				continue
			}
			if len(line) > col {
				line += " "
			}
			line += word
		}
		fmt.Fprintln(w, line)
	}
}

// noStdin adapts a command that reads no standard input.
func noStdin(f func(ctx context.Context, args []string, stdout, stderr io.Writer) error) runFunc {
	return func(ctx context.Context, args []string, std stdio) error { return f(ctx, args, std.out, std.err) }
}

// withStdin adapts a command that reads standard input.
func withStdin(f func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error) runFunc {
	return func(ctx context.Context, args []string, std stdio) error {
		return f(ctx, args, std.in, std.out, std.err)
	}
}

// noContext adapts a command that does no I/O beyond printing.
func noContext(f func(args []string, stdout, stderr io.Writer) error) runFunc {
	return func(_ context.Context, args []string, std stdio) error { return f(args, std.out, std.err) }
}
