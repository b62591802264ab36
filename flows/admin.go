package flows

import (
	"context"
	"strconv"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// adminMenu is the branch admins' menu, in the order the catalog's AdminMenu numbers it:
// each number's conversation, a flow of its own started by Switch.
var adminMenu = []string{
	flowAdminApplications, // 1. pending applications
	flowAdminLoans,        // 2. pending loan applications
	flowAdminFind,         // 3. find a member
	flowAdminResetPIN,     // 4. reset a member's PIN
	flowAdminCashIn,       // 5. cash deposit
	flowAdminCashOut,      // 6. cash withdrawal
	flowAdminInstallment,  // 7. installment in cash
	flowAdminReverse,      // 8. reverse a transaction
	flowAdminDisburse,     // 9. disburse a loan
	flowAdminKTP,          // 10. KTP verifications to review
	flowAdminDeposits,     // 11. transfer deposits to verify
	flowAdminWithdrawals,  // 12. withdrawals to pay
	flowAdminHandovers,    // 13. chats waiting for staff
	flowAdminBreakDeposit, // 14. a time deposit paid out before maturity
	flowAdminApprovals,    // 15. operations waiting for a second staff member (four eyes)
}

// The admin menu's conversations, each reached from it by Switch.
const (
	flowAdminApplications = "admin-pendaftaran"
	flowAdminLoans        = "admin-pinjaman"
	flowAdminFind         = "admin-cari-anggota"
	flowAdminResetPIN     = "admin-reset-pin"
	flowAdminCashIn       = "admin-setor-tunai"
	flowAdminCashOut      = "admin-tarik-tunai"
	flowAdminInstallment  = "admin-angsuran"
	flowAdminReverse      = "admin-batal-transaksi"
	flowAdminDisburse     = "admin-pencairan"
	flowAdminKTP          = "admin-ktp"
	flowAdminDeposits     = "admin-setoran"
	flowAdminWithdrawals  = "admin-penarikan"
	flowAdminHandovers    = "admin-handover"
	flowAdminBreakDeposit = "admin-cair-deposito"
	flowAdminApprovals    = "admin-persetujuan"
)

type adminData struct{}

// admin is the branch admins' menu: what waits for them, and the number of what to do.
// Anyone else is told it is for staff.
func admin(ctx context.Context, c *Convo[adminData], in Input) Result {
	if c.Step == "choose" {
		if n, ok := c.Choice(len(adminMenu)); ok {
			return c.Switch(adminMenu[n-1])
		}
		return c.Retry(c.Msg.PickNumber(len(adminMenu)))
	}
	// Any other step is the start, or one this menu had before its conversations were
	// flows of their own (a session kept across an upgrade): the menu again.
	pending, err := c.Tx.PendingWork(ctx, in.Branch)
	if err != nil {
		return c.Fail(err)
	}
	return c.Ask("choose", c.Msg.AdminMenu(pending))
}

// staffOnly lets only the branch's admins into a flow, at every step; anyone else is told
// it is for staff.
func staffOnly[T any](fn func(context.Context, *Convo[T], Input) Result) func(context.Context, *Convo[T], Input) Result {
	return func(ctx context.Context, c *Convo[T], in Input) Result {
		if !c.IsAdmin() {
			return c.Done(c.Msg.AdminOnly())
		}
		return fn(ctx, c, in)
	}
}

// staffBy is how an admin on WhatsApp is recorded as the one who decided.
func staffBy(in Input) coop.Actor { return coop.Staff(in.From) }

func atoi64(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

// unnamed splits a work list into its items and their members' names, as the catalog lists them.
func unnamed[T any](list []store.Named[T]) ([]T, []string) {
	items, names := make([]T, len(list)), make([]string, len(list))
	for i, n := range list {
		items[i], names[i] = n.Item, n.Name
	}
	return items, names
}
