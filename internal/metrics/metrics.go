// Package metrics is what the server tells Prometheus (/metrics): HTTP
// requests, job latency and engine stages, decisions. Labels are routes,
// job kinds, stage names, statuses and codes — never ids or personal data,
// so series stay few and nothing personal leaves by this door.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// latency buckets from 5 ms to 30 s: an engine stage to a slow upload.
var buckets = []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}

// Metrics is one server's collectors. Its methods do nothing on a nil
// *Metrics, so that parts built without one (tests) need no wiring.
type Metrics struct {
	registry     *prometheus.Registry
	httpRequests *prometheus.CounterVec
	httpDuration *prometheus.HistogramVec
	jobWait      *prometheus.HistogramVec
	jobDuration  *prometheus.HistogramVec
	engineStage  *prometheus.HistogramVec
	decisions    *prometheus.CounterVec
}

// New registers a server's collectors, with the Go runtime's and the
// process's.
func New() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		httpRequests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "openkyc_http_requests_total",
			Help: "HTTP requests answered, by route and status code."}, []string{"route", "code"}),
		httpDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "openkyc_http_request_duration_seconds",
			Help: "Time to answer an HTTP request, by route.", Buckets: buckets}, []string{"route"}),
		jobWait: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "openkyc_job_wait_seconds",
			Help: "Time a job waited in the queue before it ran, by kind.", Buckets: buckets}, []string{"kind"}),
		jobDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "openkyc_job_duration_seconds",
			Help: "Time a job ran, by kind and outcome (ok, error).", Buckets: buckets}, []string{"kind", "outcome"}),
		engineStage: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "openkyc_engine_stage_seconds",
			Help: "Time an engine stage took for one image, by engine (document, face) and stage.", Buckets: buckets},
			[]string{"engine", "stage"}),
		decisions: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "openkyc_decisions_total",
			Help: "Submissions decided or sent to review, by status and reject code."}, []string{"status", "reject_code"}),
	}
	m.registry.MustRegister(m.httpRequests, m.httpDuration, m.jobWait, m.jobDuration, m.engineStage, m.decisions,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in Prometheus' text format.
func (m *Metrics) Handler() http.Handler {
	if m == nil {
		return http.NotFoundHandler()
	}
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// Request counts one answered request; route is the mux pattern ("" for
// none matched).
func (m *Metrics) Request(route string, code int, d time.Duration) {
	if m == nil {
		return
	}
	if route == "" {
		route = "unmatched"
	}
	m.httpRequests.WithLabelValues(route, strconv.Itoa(code)).Inc()
	m.httpDuration.WithLabelValues(route).Observe(d.Seconds())
}

// Job records one run of a job: how long it waited, how long it ran.
func (m *Metrics) Job(kind string, waited, ran time.Duration, err error) {
	if m == nil {
		return
	}
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	m.jobWait.WithLabelValues(kind).Observe(waited.Seconds())
	m.jobDuration.WithLabelValues(kind, outcome).Observe(ran.Seconds())
}

// Stages records an engine's stage times for one image.
func (m *Metrics) Stages(engine string, stages map[string]time.Duration) {
	if m == nil {
		return
	}
	for stage, d := range stages {
		m.engineStage.WithLabelValues(engine, stage).Observe(d.Seconds())
	}
}

// Decision counts a submission reaching a status.
func (m *Metrics) Decision(status, code string) {
	if m == nil {
		return
	}
	m.decisions.WithLabelValues(status, code).Inc()
}
