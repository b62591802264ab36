package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kopbot/kopbot/coop"

	"github.com/rs/zerolog"

	"github.com/kopbot/kopbot/store"
)

// KTPReview is one open KTP verification as the review page shows it. It never holds a
// full NIK: the page, its logs and its errors have no use for one.
type KTPReview struct {
	ID          int64
	No          string // KTP-000001
	Branch      string
	Status      store.KTPStatus // review (staff decide) or checking (the Dukcapil aggregator has not answered yet)
	MemberName  string
	MemberNo    string // empty while an applicant
	MemberPhone string // 6281234567890
	NIK         string // masked: 3204********0001
	Name        string // as on the KTP
	BirthDate   time.Time
	SentAt      time.Time
	Note        string // why staff review it, in words; empty when staff review every request
	KTPPhoto    bool   // whether the photo is still kept
	SelfiePhoto bool
	Attempts    int // calls made to the aggregator
}

// KTPReviews is what the KTP review page needs from the store and the flows.
type KTPReviews interface {
	// Waiting lists the verifications not yet decided, oldest first: those waiting for
	// staff (status review) and those waiting for the aggregator (status checking).
	// Notes are in lang (id or en), the staff member's.
	Waiting(ctx context.Context, lang string) ([]KTPReview, error)
	// Photo returns the file of verification id's KTP photo, or its selfie; "" when there
	// is no such verification or the photo is gone.
	Photo(ctx context.Context, id int64, selfie bool) (path string, err error)
	// Decide approves, or rejects with the reason the member is told, verification id,
	// tells the member, and returns its number. A decision the cooperative's rules refuse
	// (decided already, NIK verified for another member) is a *coop.Refusal, which the page
	// puts in words; a mistake of the page's (no such verification) is an error whose
	// InvalidInput() is true and whose message is for staff.
	// by is the staff member deciding, as the records name them.
	Decide(ctx context.Context, id int64, approve bool, reason string, by coop.Actor) (no string, err error)
}

// ktpItem is one verification as ktp.html shows it.
type ktpItem struct {
	KTPReview
	Phone, Birth, Sent          string
	KTPSrc, SelfieSrc           string // photo URLs, empty once deleted
	ApproveAction, RejectAction string
	Error                       string // why the last decision on it failed
	Reason                      string // the rejection reason typed, kept on an error
}

type ktpView struct {
	layout
	Unavailable bool
	Done        string // what the last decision did
	Error       string // a failed decision on a verification no longer listed
	Review      []ktpItem
	Checking    []ktpItem
	Now, Zone   string
}

// ktpFailure is a decision that failed, shown beside the verification it was about.
type ktpFailure struct {
	ID     int64
	Msg    string
	Reason string
}

func (s *Server) ktpPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	done, t := "", s.words(r)
	if no, ok := ktpNo(q.Get("approved")); ok {
		done = fmt.Sprintf(t["ktp.approved"], no)
	} else if no, ok := ktpNo(q.Get("rejected")); ok {
		done = fmt.Sprintf(t["ktp.rejected"], no)
	}
	s.showKTP(w, r, http.StatusOK, done, ktpFailure{})
}

// ktpNo reads a KTP verification's number from the query; the page echoes it as printed
// by store.Ref, never as given.
func ktpNo(s string) (store.Ref, bool) {
	r, err := store.ParseRef(s)
	return r, err == nil && r.Kind == store.RefKTP
}

// showKTP renders the review page: the verifications waiting, and fail beside its own.
func (s *Server) showKTP(w http.ResponseWriter, r *http.Request, status int, done string, fail ktpFailure) {
	now := s.now()
	v := ktpView{
		layout: s.layoutFor(r, "ktp.title"),
		Done:   done,
		Now:    now.Format(timeLayout),
		Zone:   now.Format("MST (UTC-07:00)"),
	}
	if s.KTP == nil {
		v.Unavailable = true
		s.render(w, r, status, "ktp.html", v)
		return
	}
	waiting, err := s.KTP.Waiting(r.Context(), v.Lang)
	if err != nil {
		zerolog.Ctx(r.Context()).Error().Err(err).Msg("Listing KTP verifications for the admin page failed.")
		s.errorPage(w, r, http.StatusInternalServerError, v.Title, v.T["ktp.listFailed"]+err.Error())
		return
	}
	placed := fail.Msg == ""
	sess, _ := sessionOf(r)
	for _, k := range waiting {
		if !sess.Staff.SeesBranch(k.Branch) {
			continue
		}
		item := newKTPItem(k, now.Location())
		if fail.Msg != "" && k.ID == fail.ID {
			item.Error, item.Reason, placed = fail.Msg, fail.Reason, true
		}
		if k.Status == store.KTPChecking {
			v.Checking = append(v.Checking, item)
		} else {
			v.Review = append(v.Review, item)
		}
	}
	if !placed {
		v.Error = fail.Msg
	}
	s.render(w, r, status, "ktp.html", v)
}

func newKTPItem(k KTPReview, loc *time.Location) ktpItem {
	href := "/ktp/" + strconv.FormatInt(k.ID, 10)
	it := ktpItem{
		KTPReview:     k,
		Phone:         showPhone(k.MemberPhone),
		ApproveAction: href + "/approve",
		RejectAction:  href + "/reject",
	}
	if !k.BirthDate.IsZero() {
		it.Birth = k.BirthDate.Format(time.DateOnly) // a calendar date: no time zone
	}
	if !k.SentAt.IsZero() {
		it.Sent = k.SentAt.In(loc).Format(timeLayout)
	}
	if k.KTPPhoto {
		it.KTPSrc = href + "/photo/ktp"
	}
	if k.SelfiePhoto {
		it.SelfieSrc = href + "/photo/selfie"
	}
	return it
}

// ktpID reads the verification ID from the path; false when it is not one.
func ktpID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

// ktpPhoto serves a verification's photo from the path the store holds, when it lies in the media directory;
// the request names only the verification and which photo, never a file.
func (s *Server) ktpPhoto(w http.ResponseWriter, r *http.Request) {
	id, ok := ktpID(r)
	which := r.PathValue("which")
	if !ok || (which != "ktp" && which != "selfie") || s.KTP == nil {
		http.NotFound(w, r)
		return
	}
	if !s.ktpOfBranch(r, id) {
		http.Error(w, "forbidden: not a member of your branches", http.StatusForbidden)
		return
	}
	log := zerolog.Ctx(r.Context()).With().Int64("ktp_verification", id).Str("photo", which).Logger()
	path, err := s.KTP.Photo(r.Context(), id, which == "selfie")
	if err != nil {
		log.Error().Err(err).Msg("Finding a KTP photo failed.")
		http.Error(w, "internal error: the photo could not be found", http.StatusInternalServerError)
		return
	}
	// Served only from inside the media directory (symbolic links resolved), and only an image: a path recorded
	// wrongly (or by an attacker) never shows a file of the server's.
	s.serveMedia(w, r, path)
}

// ktpOfBranch reports whether the signed-in staff member sees the branch of verification
// id; one that does not exist is theirs to be told so.
func (s *Server) ktpOfBranch(r *http.Request, id int64) bool {
	sess, _ := sessionOf(r)
	var v store.KTPVerification
	err := s.DB.View(r.Context(), func(tx *store.Tx) (err error) { v, err = tx.KTPVerification(r.Context(), id); return })
	if err != nil {
		return errors.Is(err, store.ErrNotFound)
	}
	return sess.Staff.SeesBranch(v.Branch)
}

func (s *Server) ktpApprove(w http.ResponseWriter, r *http.Request) { s.ktpDecide(w, r, true) }
func (s *Server) ktpReject(w http.ResponseWriter, r *http.Request)  { s.ktpDecide(w, r, false) }

// ktpRefused shows the KTP page with why the decision on verification id was refused.
func (s *Server) ktpRefused(w http.ResponseWriter, r *http.Request, id int64, reason string, err error) {
	status, words, _ := s.refused(r, err)
	s.showKTP(w, r, status, "", ktpFailure{ID: id, Reason: reason, Msg: words})
}

func (s *Server) ktpDecide(w http.ResponseWriter, r *http.Request, approve bool) {
	ctx := r.Context()
	id, ok := ktpID(r)
	if !ok {
		t := s.words(r)
		s.errorPage(w, r, http.StatusNotFound, t["ktp.title"], fmt.Sprintf(t["ktp.noSuch"], r.PathValue("id")))
		return
	}
	if s.KTP == nil {
		t := s.words(r)
		s.errorPage(w, r, http.StatusServiceUnavailable, t["ktp.title"], t["ktp.unavailable"])
		return
	}
	if !s.ktpOfBranch(r, id) {
		s.forbidden(w, r)
		return
	}
	reason := ""
	if !approve {
		reason = strings.TrimSpace(r.PostFormValue("reason"))
		if err := coop.CheckReason(reason); err != nil {
			s.ktpRefused(w, r, id, reason, err)
			return
		}
	}
	log := zerolog.Ctx(ctx).With().Int64("ktp_verification", id).Bool("approve", approve).Logger()
	sess, _ := sessionOf(r)
	no, err := s.KTP.Decide(ctx, id, approve, reason, coop.StaffAccount(sess.Staff.Username))
	var refused *coop.Refusal
	if errors.As(err, &refused) {
		s.ktpRefused(w, r, id, reason, refused)
		return
	}
	if err != nil {
		var bad invalidInput
		if errors.As(err, &bad) && bad.InvalidInput() {
			s.showKTP(w, r, http.StatusConflict, "", ktpFailure{ID: id, Reason: reason, Msg: err.Error()})
			return
		}
		log.Error().Err(err).Msg("Recording a KTP decision failed.")
		s.showKTP(w, r, http.StatusInternalServerError, "", ktpFailure{ID: id, Reason: reason,
			Msg: s.words(r)["ktp.saveFailed"] + err.Error()})
		return
	}
	log.Info().Str("ktp_no", no).Msg("Staff decided a KTP verification on the admin page.")
	key := "rejected"
	if approve {
		key = "approved"
	}
	http.Redirect(w, r, "/ktp?"+url.Values{key: {no}}.Encode(), http.StatusSeeOther)
}
