package catalog

// The messages without data: the words alone, whatever the moment.

// core
func (b *book) NotUnderstood() string  { return b.say("NotUnderstood", nil) }
func (b *book) Cancelled() string      { return b.say("Cancelled", nil) }
func (b *book) RetryHint() string      { return b.say("RetryHint", nil) }
func (b *book) InternalError() string  { return b.say("InternalError", nil) }
func (b *book) PhotoNotKept() string   { return b.say("PhotoNotKept", nil) }
func (b *book) HandledLater() string   { return b.say("HandledLater", nil) }
func (b *book) StillApplicant() string { return b.say("StillApplicant", nil) }
func (b *book) ChooseLanguage() string { return b.say("ChooseLanguage", nil) }
func (b *book) LanguageSet() string    { return b.say("LanguageSet", nil) }
func (b *book) NoSavings() string      { return b.say("NoSavings", nil) }

// handover
func (b *book) HandoverBackToBot() string { return b.say("HandoverBackToBot", nil) }
func (b *book) HandoverReleased() string  { return b.say("HandoverReleased", nil) }
func (b *book) AdminHandoverKept() string { return b.say("AdminHandoverKept", nil) }

// ktp
func (b *book) KTPAskName() string         { return b.say("KTPAskName", nil) }
func (b *book) KTPAskSelfie() string       { return b.say("KTPAskSelfie", nil) }
func (b *book) KTPNeedSelfie() string      { return b.say("KTPNeedSelfie", nil) }
func (b *book) KTPLoanApplication() string { return b.say("KTPLoanApplication", nil) }

// members
func (b *book) AskYesNo() string                  { return b.say("AskYesNo", nil) }
func (b *book) BadAmount() string                 { return b.say("BadAmount", nil) }
func (b *book) BadDate() string                   { return b.say("BadDate", nil) }
func (b *book) AskPIN() string                    { return b.say("AskPIN", nil) }
func (b *book) AskOldPIN() string                 { return b.say("AskOldPIN", nil) }
func (b *book) AskNewPIN() string                 { return b.say("AskNewPIN", nil) }
func (b *book) ConfirmNewPIN() string             { return b.say("ConfirmNewPIN", nil) }
func (b *book) PINsDiffer() string                { return b.say("PINsDiffer", nil) }
func (b *book) SamePIN() string                   { return b.say("SamePIN", nil) }
func (b *book) PINSet() string                    { return b.say("PINSet", nil) }
func (b *book) NeedPINFirst() string              { return b.say("NeedPINFirst", nil) }
func (b *book) AskNIK() string                    { return b.say("AskNIK", nil) }
func (b *book) BadNIK() string                    { return b.say("BadNIK", nil) }
func (b *book) AskBirthDate() string              { return b.say("AskBirthDate", nil) }
func (b *book) NIKBirthMismatch() string          { return b.say("NIKBirthMismatch", nil) }
func (b *book) AskFullName() string               { return b.say("AskFullName", nil) }
func (b *book) BadName() string                   { return b.say("BadName", nil) }
func (b *book) TooYoung() string                  { return b.say("TooYoung", nil) }
func (b *book) AskAddress() string                { return b.say("AskAddress", nil) }
func (b *book) BadAddress() string                { return b.say("BadAddress", nil) }
func (b *book) AskOccupation() string             { return b.say("AskOccupation", nil) }
func (b *book) BadOccupation() string             { return b.say("BadOccupation", nil) }
func (b *book) AskKTPPhoto() string               { return b.say("AskKTPPhoto", nil) }
func (b *book) NeedKTPPhoto() string              { return b.say("NeedKTPPhoto", nil) }
func (b *book) AskConsent() string                { return b.say("AskConsent", nil) }
func (b *book) NoLoanProducts() string            { return b.say("NoLoanProducts", nil) }
func (b *book) SimulationDone() string            { return b.say("SimulationDone", nil) }
func (b *book) LoanChecksPassed() string          { return b.say("LoanChecksPassed", nil) }
func (b *book) AdminOnly() string                 { return b.say("AdminOnly", nil) }
func (b *book) AdminNothingPending() string       { return b.say("AdminNothingPending", nil) }
func (b *book) AdminAskQuery() string             { return b.say("AdminAskQuery", nil) }
func (b *book) AdminAskMemberNo() string          { return b.say("AdminAskMemberNo", nil) }
func (b *book) ApplicationDropped() string        { return b.say("ApplicationDropped", nil) }
func (b *book) NoProductsToOpen() string          { return b.say("NoProductsToOpen", nil) }
func (b *book) NoDeposits() string                { return b.say("NoDeposits", nil) }
func (b *book) NoLoans() string                   { return b.say("NoLoans", nil) }
func (b *book) AdminAskSavingsAccount() string    { return b.say("AdminAskSavingsAccount", nil) }
func (b *book) AdminAskLoanAccount() string       { return b.say("AdminAskLoanAccount", nil) }
func (b *book) AdminAskReference() string         { return b.say("AdminAskReference", nil) }
func (b *book) AdminDisburseToOwnSavings() string { return b.say("AdminDisburseToOwnSavings", nil) }

// pay
func (b *book) NothingDue() string     { return b.say("NothingDue", nil) }
func (b *book) NoWajibAccount() string { return b.say("NoWajibAccount", nil) }

// qris
func (b *book) AskQRISAmount() string     { return b.say("AskQRISAmount", nil) }
func (b *book) AskQRISNote() string       { return b.say("AskQRISNote", nil) }
func (b *book) NoTabunganForQRIS() string { return b.say("NoTabunganForQRIS", nil) }

// requests
func (b *book) ProofKept() string             { return b.say("ProofKept", nil) }
func (b *book) AskOtherBank() string          { return b.say("AskOtherBank", nil) }
func (b *book) BadOtherBank() string          { return b.say("BadOtherBank", nil) }
func (b *book) AskSenderName() string         { return b.say("AskSenderName", nil) }
func (b *book) BadHolderName() string         { return b.say("BadHolderName", nil) }
func (b *book) AskProofPhoto() string         { return b.say("AskProofPhoto", nil) }
func (b *book) NeedProofPhoto() string        { return b.say("NeedProofPhoto", nil) }
func (b *book) AskDestinationHolder() string  { return b.say("AskDestinationHolder", nil) }
func (b *book) NoPendingDeposits() string     { return b.say("NoPendingDeposits", nil) }
func (b *book) NoPendingWithdrawals() string  { return b.say("NoPendingWithdrawals", nil) }
func (b *book) NothingToWithdraw() string     { return b.say("NothingToWithdraw", nil) }
func (b *book) BadDestinationAccount() string { return b.say("BadDestinationAccount", nil) }

// staff
func (b *book) PINWasReset() string { return b.say("PINWasReset", nil) }

// transfer
func (b *book) NothingToSendFrom() string      { return b.say("NothingToSendFrom", nil) }
func (b *book) BadDestination() string         { return b.say("BadDestination", nil) }
func (b *book) BadAccountNumber() string       { return b.say("BadAccountNumber", nil) }
func (b *book) NoSuchAccount() string          { return b.say("NoSuchAccount", nil) }
func (b *book) NotASavingsAccount() string     { return b.say("NotASavingsAccount", nil) }
func (b *book) NoMemberWithPhone() string      { return b.say("NoMemberWithPhone", nil) }
func (b *book) RecipientCannotReceive() string { return b.say("RecipientCannotReceive", nil) }
func (b *book) SameAccount() string            { return b.say("SameAccount", nil) }

// understand
func (b *book) ThanksReply() string        { return b.say("ThanksReply", nil) }
func (b *book) ClosePolitely() string      { return b.say("ClosePolitely", nil) }
func (b *book) PhotoOutsideFlow() string   { return b.say("PhotoOutsideFlow", nil) }
func (b *book) PINMustBeSix() string       { return b.say("PINMustBeSix", nil) }
func (b *book) SetPINToGoOn() string       { return b.say("SetPINToGoOn", nil) }
func (b *book) NewPINSetGoingOn() string   { return b.say("NewPINSetGoingOn", nil) }
func (b *book) NotYetMember() string       { return b.say("NotYetMember", nil) }
func (b *book) StillWaitingForPIN() string { return b.say("StillWaitingForPIN", nil) }
