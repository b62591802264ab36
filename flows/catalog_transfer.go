package flows

// transferMessages are the texts of Transfer Antar Tabungan, Setoran and Penarikan.
type transferMessages interface {
}
