package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/ktp"
	"github.com/kopbot/kopbot/store"
)

// applicationsLimit is the most applications listed for one branch; the oldest come first.
const applicationsLimit = 50

// applicationItem is one membership application as applications.html shows it. The NIK is
// masked: staff compare the rest with the KTP photo beside it.
type applicationItem struct {
	RegNo, Name, NIK, Birth, Gender, Address, Occupation, Phone, Applied string
	BranchName                                                           string
	KTPSrc, SelfieSrc                                                    string // photo URLs, empty when there is none
	ApproveAction, RejectAction                                          string
	Error, Reason                                                        string // a refused decision on it, and the reason typed
}

type applicationsView struct {
	layout
	Done, Error  string // what the last decision did; a refusal about an application no longer listed
	Applications []applicationItem
	CanDecide    bool // a manager or admin; a teller is told a manager decides (the forms answer them 403)
}

// appFailure is a refused decision, shown beside the application it was about.
type appFailure struct {
	RegNo, Msg, Reason string
}

func (s *Server) applicationsPage(w http.ResponseWriter, r *http.Request) {
	s.showApplications(w, r, http.StatusOK, s.applicationDone(r), appFailure{})
}

// applicationDone is the flash of the decision just made (?approved= or ?rejected=), read
// back from the store: nothing the query says is shown as it is.
func (s *Server) applicationDone(r *http.Request) string {
	q, t := r.URL.Query(), s.words(r)
	reg := q.Get("approved") + q.Get("rejected")
	if reg == "" {
		return ""
	}
	m, err := s.applicant(r.Context(), reg)
	if err != nil || !s.sees(r, m.Branch) {
		return ""
	}
	switch m.Status {
	case store.MemberActive:
		return fmt.Sprintf(t["queues.app.approved"], m.RegNo, m.Name, m.No)
	case store.MemberRejected:
		return fmt.Sprintf(t["queues.app.rejected"], m.RegNo, m.Name)
	}
	return ""
}

// sees reports whether the signed-in staff member sees branch.
func (s *Server) sees(r *http.Request, branch string) bool {
	sess, ok := sessionOf(r)
	return ok && sess.Staff.SeesBranch(branch)
}

// applicant loads the member (or applicant) with registration number reg.
func (s *Server) applicant(ctx context.Context, reg string) (m store.Member, err error) {
	err = s.DB.View(ctx, func(tx *store.Tx) (err error) { m, err = tx.MemberByRegNo(ctx, strings.TrimSpace(reg)); return })
	return m, err
}

// showApplications renders the applications waiting at the staff member's branches, fail
// beside its own.
func (s *Server) showApplications(w http.ResponseWriter, r *http.Request, status int, done string, fail appFailure) {
	sess, _ := sessionOf(r)
	v := applicationsView{layout: s.layoutFor(r, "queues.app.title"), Done: done, CanDecide: sess.Staff.Role.Rank() >= store.RoleManager.Rank()}
	if fail.Msg != "" {
		v.layout.Here = "/applications" // a page answering a form: the language switch goes back to the list
	}
	placed := fail.Msg == ""
	loc := s.now().Location()
	ok := s.eachSeenBranch(w, r, v.Title, "Listing membership applications failed.", func(b BranchStatus) error {
		apps, err := s.applicationsOf(r.Context(), b.ID)
		for _, a := range apps {
			item := newApplicationItem(a.Member, a.selfie, b.Name, v.T, loc)
			if fail.Msg != "" && a.RegNo == fail.RegNo {
				item.Error, item.Reason, placed = fail.Msg, fail.Reason, true
			}
			v.Applications = append(v.Applications, item)
		}
		return err
	})
	if !ok {
		return
	}
	if !placed {
		v.Error = fail.Msg
	}
	s.render(w, r, status, "applications.html", v)
}

// application is an applicant and whether a selfie with their KTP waits with them.
type application struct {
	store.Member
	selfie bool
}

// applicationsOf lists branch's applications waiting for a decision, oldest first.
func (s *Server) applicationsOf(ctx context.Context, branch string) ([]application, error) {
	var out []application
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		apps, err := tx.ApplicantsOf(ctx, branch, applicationsLimit)
		if err != nil {
			return err
		}
		for _, m := range apps {
			selfie, err := selfieOf(ctx, tx, m.ID)
			if err != nil {
				return err
			}
			out = append(out, application{Member: m, selfie: selfie != ""})
		}
		return nil
	})
	return out, err
}

// selfieOf is the path of the selfie with the KTP the member sent with their latest KTP
// verification still open, "" when none.
func selfieOf(ctx context.Context, tx *store.Tx, memberID int64) (string, error) {
	v, err := tx.LatestKTP(ctx, memberID)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil
	}
	if err != nil || !v.Open() {
		return "", err
	}
	return v.SelfiePhoto, nil
}

func newApplicationItem(m store.Member, selfie bool, branchName string, t map[string]string, loc *time.Location) applicationItem {
	href := "/applications/" + url.PathEscape(m.RegNo)
	it := applicationItem{
		RegNo: m.RegNo, Name: m.Name, NIK: ktp.Mask(m.NIK), Address: m.Address, Occupation: m.Occupation,
		Phone: showPhone(m.Phone), BranchName: branchName, Applied: m.CreatedAt.In(loc).Format(timeLayout),
		ApproveAction: href + "/approve", RejectAction: href + "/reject",
	}
	if !m.BirthDate.IsZero() {
		it.Birth = m.BirthDate.Format(time.DateOnly)
	}
	switch m.Gender {
	case "L":
		it.Gender = t["queues.app.male"]
	case "P":
		it.Gender = t["queues.app.female"]
	}
	if m.KTPPhoto != "" {
		it.KTPSrc = href + "/photo/ktp"
	}
	if selfie {
		it.SelfieSrc = href + "/photo/selfie"
	}
	return it
}

// applicationPhoto serves an application's KTP photo, or the selfie with it, from inside
// the media directory only; the request names the application and which photo, never a file.
func (s *Server) applicationPhoto(w http.ResponseWriter, r *http.Request) {
	which := r.PathValue("which")
	if which != "ktp" && which != "selfie" {
		http.NotFound(w, r)
		return
	}
	ctx := r.Context()
	var path, branch string
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		m, err := tx.MemberByRegNo(ctx, r.PathValue("reg"))
		if err != nil {
			return err
		}
		branch, path = m.Branch, m.KTPPhoto
		if which == "selfie" {
			path, err = selfieOf(ctx, tx, m.ID)
		}
		return err
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		http.NotFound(w, r)
		return
	case err != nil:
		zerolog.Ctx(ctx).Error().Err(err).Msg("Finding an application's photo failed.")
		http.Error(w, "internal error: the photo could not be found", http.StatusInternalServerError)
		return
	case !s.sees(r, branch):
		http.Error(w, "forbidden: not an application of your branches", http.StatusForbidden)
		return
	}
	s.serveMedia(w, r, path)
}

// serveMedia sends the image at path (a KTP photo, a transfer proof) when it lies inside the media directory (os.Root:
// no "..", no symbolic link leads out of it), with the content type its bytes show.
func (s *Server) serveMedia(w http.ResponseWriter, r *http.Request, path string) {
	const gone = "no such photo: it was never sent, or it has been deleted"
	if s.Office == nil || s.Office.MediaDir == "" || path == "" {
		http.Error(w, gone, http.StatusNotFound)
		return
	}
	log := zerolog.Ctx(r.Context())
	rel, err := filepath.Rel(s.Office.MediaDir, path)
	if err != nil || !filepath.IsLocal(rel) {
		// A recorded path that leads out of the media directory: never served, and staff's log says so (the path only,
		// never what lies there).
		log.Warn().Str("path", path).Msg("A recorded media path lies outside the media directory; not served.")
		http.Error(w, gone, http.StatusNotFound)
		return
	}
	f, err := os.OpenInRoot(s.Office.MediaDir, rel)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			log.Warn().Err(err).Str("path", path).Msg("A recorded media path could not be opened inside the media directory; not served.")
		}
		http.Error(w, gone, http.StatusNotFound)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() == 0 {
		http.Error(w, gone, http.StatusNotFound)
		return
	}
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	ct := http.DetectContentType(head[:n])
	if !strings.HasPrefix(ct, "image/") {
		http.Error(w, gone, http.StatusNotFound) // not an image: never shown as a page of ours
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "no-store") // a KTP, a bank transfer: never kept by the browser
	http.ServeContent(w, r, "", time.Time{}, f)
}

func (s *Server) applicationApprove(w http.ResponseWriter, r *http.Request) {
	s.decideApplication(w, r, true)
}

func (s *Server) applicationReject(w http.ResponseWriter, r *http.Request) {
	s.decideApplication(w, r, false)
}

// decideApplication approves, or rejects with the reason the applicant is told, the
// application in the path, through coop as the admin menu and the CLI do; the applicant
// hears on WhatsApp.
func (s *Server) decideApplication(w http.ResponseWriter, r *http.Request, approve bool) {
	ctx := r.Context()
	reg := r.PathValue("reg")
	m, err := s.applicant(ctx, reg)
	if errors.Is(err, store.ErrNotFound) {
		t := s.words(r)
		s.errorPage(w, r, http.StatusNotFound, t["queues.app.nosuch"], fmt.Sprintf(t["queues.app.nosuchtext"], reg))
		return
	}
	if err != nil {
		s.decisionFailed(w, r, reg, err)
		return
	}
	if !s.seesBranch(w, r, m.Branch) {
		return
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	sess, _ := sessionOf(r)
	by := coop.StaffAccount(sess.Staff.Username)
	err = coop.CheckReason(reason)
	if approve || err == nil {
		err = s.DB.Update(ctx, func(tx *store.Tx) (err error) {
			if approve {
				m, err = coop.ApproveApplication(ctx, tx, m.RegNo, by, s.memberLang())
			} else {
				m, err = coop.RejectApplication(ctx, tx, m.RegNo, reason, by, s.memberLang())
			}
			return err
		})
	}
	if status, words, refused := s.refused(r, err); refused {
		s.showApplications(w, r, status, "", appFailure{RegNo: m.RegNo, Reason: reason, Msg: words})
		return
	}
	if err != nil {
		s.decisionFailed(w, r, m.RegNo, err)
		return
	}
	zerolog.Ctx(ctx).Info().Str("reg_no", m.RegNo).Bool("approve", approve).Msg("Staff decided a membership application on the admin page.")
	s.wake()
	key := "rejected"
	if approve {
		key = "approved"
	}
	http.Redirect(w, r, "/applications?"+url.Values{key: {m.RegNo}}.Encode(), http.StatusSeeOther)
}

// decisionFailed answers a decision the server could not record: 500, nothing changed.
func (s *Server) decisionFailed(w http.ResponseWriter, r *http.Request, reg string, err error) {
	zerolog.Ctx(r.Context()).Error().Err(err).Str("reg_no", reg).Msg("Recording a decision on a membership application failed.")
	s.showApplications(w, r, http.StatusInternalServerError, "", appFailure{RegNo: reg, Msg: s.words(r)["queues.failed"] + err.Error()})
}
