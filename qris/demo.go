package qris

// DemoStatic is a constructed static QRIS payload, with made-up acquirer and merchant IDs,
// for a merchant named merchant (cut to the 25 characters tag 59 holds) in Bandung: the
// payload of the demo's merchants (kopbot demo, the bench, the conversation tests).
// No real wallet pays it.
func DemoStatic(merchant string) string {
	if len(merchant) > 25 {
		merchant = merchant[:25]
	}
	return Encode(&Payload{Fields: []Field{
		NewField("00", "01"),
		NewField("01", "11"),
		NewTemplate("26", NewField("00", "ID.CO.QRIS.WWW"), NewField("01", "936008990000012345"),
			NewField("02", "000001234567890"), NewField("03", "UMI")),
		NewTemplate("51", NewField("00", "ID.CO.QRIS.WWW"), NewField("02", "ID1020012345678"), NewField("03", "UMI")),
		NewField("52", "5812"),
		NewField("53", "360"),
		NewField("58", "ID"),
		NewField("59", merchant),
		NewField("60", "BANDUNG"),
		NewField("61", "40115"),
	}})
}
