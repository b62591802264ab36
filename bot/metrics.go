package bot

import (
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are what /metrics shows of the bot, per branch.
type Metrics struct {
	MessagesIn    *prometheus.CounterVec
	MessagesOut   *prometheus.CounterVec
	SendFailures  *prometheus.CounterVec
	HandleSeconds *prometheus.HistogramVec
	BranchState   *prometheus.GaugeVec
	OutboxQueued  *prometheus.GaugeVec
	OutboxFailed  *prometheus.GaugeVec
}

// NewMetrics registers the bot's metrics with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		MessagesIn: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kopbot_messages_in_total", Help: "Messages received from members and handed to the conversations.",
		}, []string{"branch"}),
		MessagesOut: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kopbot_messages_out_total", Help: "Messages WhatsApp accepted from the outbox.",
		}, []string{"branch", "kind"}),
		SendFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kopbot_send_failures_total", Help: "Failed send attempts; final says whether the message was given up.",
		}, []string{"branch", "final"}),
		HandleSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "kopbot_handle_seconds", Help: "Time from receiving a message to its replies being queued.",
			Buckets: []float64{.001, .0025, .005, .01, .02, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"branch"}),
		BranchState: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "kopbot_branch_state", Help: "1 for the state each branch's WhatsApp connection is in, 0 for the others.",
		}, []string{"branch", "state"}),
		OutboxQueued: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "kopbot_outbox_queued", Help: "Messages waiting in the outbox.",
		}, []string{"branch"}),
		OutboxFailed: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "kopbot_outbox_failed", Help: "Messages given up after the last attempt.",
		}, []string{"branch"}),
	}
	reg.MustRegister(m.MessagesIn, m.MessagesOut, m.SendFailures, m.HandleSeconds, m.BranchState, m.OutboxQueued, m.OutboxFailed)
	return m
}
