package web

import (
	"encoding/json"
	"net/http"
)

// healthz answers 200 whenever the process is up, whatever WhatsApp is doing,
// with each branch's state for whoever watches.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	resp := struct {
		Status   string            `json:"status"`
		Branches map[string]string `json:"branches"`
	}{Status: "ok", Branches: map[string]string{}}
	for _, b := range s.status(r.Context()) {
		resp.Branches[b.ID] = b.State
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(resp)
}
