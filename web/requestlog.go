package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/rs/zerolog"
)

// logRequests logs every request once it is answered: method, path, status, duration, remote
// address and the branch when there is one, so an attack leaves a trace. Never the query
// string, a header, a cookie or a body: those are where tokens, secrets and PINs travel.
// Answered health checks and metrics scrapes, polled every few seconds, are logged at debug.
func logRequests(log *zerolog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		l := log
		if l == nil {
			l = zerolog.Ctx(r.Context())
		}
		note := &requestNote{}
		ctx := context.WithValue(l.WithContext(r.Context()), requestNoteKey{}, note)
		rec := &statusRecorder{ResponseWriter: w}
		r = r.WithContext(ctx)
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK // the handler wrote nothing: net/http answers 200
		}
		ev := l.Info()
		switch {
		case rec.status >= 500:
			ev = l.Error()
		case rec.status >= 400:
			ev = l.Warn()
		case r.URL.Path == "/healthz" || r.URL.Path == "/metrics":
			ev = l.Debug()
		}
		if branch := requestBranch(r, note); branch != "" {
			ev = ev.Str("branch", branch)
		}
		ev.Str("method", r.Method).Str("path", r.URL.Path).Int("status", rec.status).
			Dur("duration", time.Since(start)).Str("remote", r.RemoteAddr).Msg("Web request answered.")
	})
}

// requestNote is what a handler adds to its request's log line.
type requestNote struct{ branch string }

type requestNoteKey struct{}

// noteBranch names the branch a request turned out to be about (a QRIS notice's invoice),
// for the request's log line.
func noteBranch(ctx context.Context, branch string) {
	if n, ok := ctx.Value(requestNoteKey{}).(*requestNote); ok {
		n.branch = branch
	}
}

// requestBranch is the branch a request was about: noted by its handler, or in its path.
func requestBranch(r *http.Request, note *requestNote) string {
	switch {
	case note.branch != "":
		return note.branch
	case r.PathValue("branch") != "":
		return r.PathValue("branch")
	case strings.HasPrefix(r.Pattern, "GET /branches/{id}") || strings.HasPrefix(r.Pattern, "POST /branches/{id}"):
		return r.PathValue("id")
	}
	return ""
}

// statusRecorder remembers the status a handler answered with.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(status int) {
	if s.status == 0 {
		s.status = status
	}
	s.ResponseWriter.WriteHeader(status)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (flushes, deadlines).
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }
