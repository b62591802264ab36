package browsertest

import (
	"context"
	"os"
	"path/filepath"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// Download is a file the browser downloaded (Page.Download).
type Download struct {
	Name string // the file name the browser suggested (from Content-Disposition)
	Data []byte
}

// Download clicks sel, a link or button that downloads a file, lets the browser save it
// into a temporary directory of the test's (Browser.setDownloadBehavior, for the page's
// own browser context), waits until it is complete and returns it.
func (p *Page) Download(sel string) Download {
	p.t.Helper()
	dir := p.t.TempDir()
	ctx, cancel := context.WithTimeout(p.ctx, Timeout)
	defer cancel()
	begin := chromedp.BrowserEvents(ctx, cdpbrowser.DownloadWillBegin)
	progress := chromedp.BrowserEvents(ctx, cdpbrowser.DownloadProgress)
	events := true
	p.do("allow downloads into "+dir, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
			Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, BrowserContextID: chromedp.FromContext(p.ctx).BrowserContextID,
			DownloadPath: dir, EventsEnabled: &events})
		return err
	}))
	p.Click(sel)
	var d Download
	for ev, err := range begin {
		if err != nil {
			p.t.Fatalf("download from %s: %v", sel, err)
		}
		d.Name = ev.SuggestedFilename
		break
	}
	for ev, err := range progress {
		if err != nil {
			p.t.Fatalf("download %s: %v", d.Name, err)
		}
		switch ev.State {
		case cdpbrowser.DownloadProgressStateCanceled:
			p.t.Fatalf("the browser canceled the download of %s", d.Name)
		case cdpbrowser.DownloadProgressStateCompleted:
			data, err := os.ReadFile(filepath.Join(dir, ev.GUID))
			if err != nil {
				p.t.Fatalf("read the downloaded %s: %v", d.Name, err)
			}
			d.Data = data
			return d
		}
	}
	p.t.Fatalf("the download of %s did not complete within %s", d.Name, Timeout)
	return d
}

// Phone shows the pages as a phone would from now on: 390 pixels wide, the viewport meta
// tag honoured, for a screenshot of how staff see a page on theirs.
func (p *Page) Phone() {
	p.t.Helper()
	p.do("emulate a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch))
}
