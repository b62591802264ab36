package web

import (
	"encoding/json"
	"net/http"
)

// healthz answers 200 whenever the process is up, whatever WhatsApp is doing,
// with each branch's state for whoever watches, and what to do about each branch that
// is not connected (an outdated kopbot says so here too: WhatsApp messages cannot tell it).
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	resp := struct {
		Status   string            `json:"status"`
		Branches map[string]string `json:"branches"`
		Details  map[string]string `json:"details,omitempty"`
	}{Status: "ok", Branches: map[string]string{}}
	for _, b := range s.status(r.Context()) {
		resp.Branches[b.ID] = b.State
		if b.State != "connected" && b.Detail != "" {
			if resp.Details == nil {
				resp.Details = map[string]string{}
			}
			resp.Details[b.ID] = b.Detail
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(resp)
}
