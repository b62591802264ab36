package flows

// tellerMessages are the texts members receive about teller operations and payments.
type tellerMessages interface {
}
