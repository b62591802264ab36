package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// recordPhoto copies a photo the chat simulator was given (any file the operator names) into the branch's
// folder of the media directory, as a WhatsApp download lands there, and returns the copy's path: what the
// conversations record (a KTP, a transfer proof) is then always inside the media directory, which is all the
// admin pages serve. A file that is not an image (/etc/shadow) or is over the WhatsApp size limit is refused.
func (c *chat) recordPhoto(src, branch string) (string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", errors.New("not a file")
	}
	defer in.Close()
	if st, err := in.Stat(); err != nil || !st.Mode().IsRegular() {
		return "", errors.New("not a file")
	}
	max := int64(c.app.Config.WhatsApp.MaxImageMB) << 20
	data, err := io.ReadAll(io.LimitReader(in, max+1))
	if err != nil {
		return "", errors.New("not a file that can be read")
	}
	if int64(len(data)) > max {
		return "", fmt.Errorf("over the %d MB a photo may have", c.app.Config.WhatsApp.MaxImageMB)
	}
	ext := ""
	switch ct := http.DetectContentType(data); {
	case ct == "image/png":
		ext = ".png"
	case strings.HasPrefix(ct, "image/"):
		ext = ".jpg"
	default:
		return "", errors.New("not a photo (a JPEG or PNG)")
	}
	dir := filepath.Join(c.app.Config.MediaDir(), branch)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create the media directory: %w", err)
	}
	name := strings.Map(func(r rune) rune { // the file's own name, kept readable in staff's lists
		if r < 128 && (r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return r
		}
		return -1
	}, strings.TrimSuffix(filepath.Base(src), filepath.Ext(src)))
	out, err := os.CreateTemp(dir, "chat-*-"+name+ext)
	if err != nil {
		return "", fmt.Errorf("keep the photo: %w", err)
	}
	if _, err := out.Write(data); err != nil {
		out.Close()
		os.Remove(out.Name())
		return "", fmt.Errorf("keep the photo: %w", err)
	}
	if err := out.Close(); err != nil {
		os.Remove(out.Name())
		return "", fmt.Errorf("keep the photo: %w", err)
	}
	return out.Name(), nil
}
