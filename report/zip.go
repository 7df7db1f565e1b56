package report

import (
	"archive/zip"
	"bufio"
	"bytes"
	"cmp"
	"compress/flate"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"regexp"
	"slices"

	"github.com/xuri/excelize/v2"
)

// save writes the workbook f to w through a sortedZip.
//
// Subtle: excelize's WriteTo builds the whole archive in a bytes.Buffer
// and then copies it to its writer. The sortedZip writes the archive to w
// itself and leaves that buffer empty, so the workbook is never held in
// memory; if a version of excelize put anything in the buffer after all,
// save reports it rather than write a broken file.
func save(f *excelize.File, w io.Writer) (err error) {
	z, err := newSortedZip(w)
	if err != nil {
		return err
	}
	defer func() {
		if rerr := z.remove(); err == nil {
			err = rerr
		}
	}()
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return z })
	var stray countWriter
	if _, err := f.WriteTo(&stray); err != nil {
		return err
	}
	if stray != 0 {
		return fmt.Errorf("excelize wrote %d bytes outside the archive writer", stray)
	}
	return z.err
}

// countWriter counts what is written to it and discards it.
type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}

// A sortedZip is the excelize.ZipWriter that makes workbooks reproducible.
// excelize adds the parts of streamed sheets in map order, and lists image
// types in [Content_Types].xml in map order, so two saves of the same
// workbook differ. sortedZip compresses each part into a spool file as it
// comes, then on Close writes the archive to its destination with the
// parts sorted by name and the content types sorted.
type sortedZip struct {
	dst   io.Writer
	spool *os.File
	sw    *bufio.Writer
	off   int64
	fw    *flate.Writer
	parts []part
	cur   *part
	crc   hash.Hash32
	// types holds [Content_Types].xml, which is small and rewritten.
	types bytes.Buffer
	err   error
}

// A part is one compressed file of the archive, in the spool.
type part struct {
	name      string
	off, size int64
	raw       uint64
	crc       uint32
	inMemory  bool
}

const contentTypes = "[Content_Types].xml"

func newSortedZip(dst io.Writer) (*sortedZip, error) {
	spool, err := os.CreateTemp("", "spacejudge-xlsx-*")
	if err != nil {
		return nil, fmt.Errorf("making a temporary file for the workbook: %w", err)
	}
	z := &sortedZip{dst: dst, spool: spool, sw: bufio.NewWriterSize(spool, 1<<16)}
	// BestSpeed halves the time of writing a big workbook for files about
	// a fifth larger than the default level gives.
	z.fw, _ = flate.NewWriter((*spoolWriter)(z), flate.BestSpeed)
	z.crc = crc32.NewIEEE()
	return z, nil
}

// Create starts a new part; what was written before belongs to the
// previous one.
func (z *sortedZip) Create(name string) (io.Writer, error) {
	if err := z.finish(); err != nil {
		return nil, err
	}
	if name == contentTypes {
		z.cur = &part{name: name, inMemory: true}
		z.types.Reset()
		return &z.types, nil
	}
	z.cur = &part{name: name, off: z.off}
	z.crc.Reset()
	z.fw.Reset((*spoolWriter)(z))
	return (*partWriter)(z), nil
}

// spoolWriter appends compressed bytes to the spool of a sortedZip.
type spoolWriter sortedZip

func (s *spoolWriter) Write(b []byte) (int, error) {
	n, err := s.sw.Write(b)
	s.off += int64(n)
	return n, err
}

// partWriter writes the current part of a sortedZip.
type partWriter sortedZip

func (p *partWriter) Write(b []byte) (int, error) {
	p.crc.Write(b)
	p.cur.raw += uint64(len(b))
	return p.fw.Write(b)
}

// finish closes the current part and records where it is in the spool.
func (z *sortedZip) finish() error {
	if z.cur == nil {
		return nil
	}
	p := z.cur
	z.cur = nil
	if !p.inMemory {
		if err := z.fw.Close(); err != nil {
			return z.fail(err)
		}
		p.size, p.crc = z.off-p.off, z.crc.Sum32()
	}
	z.parts = append(z.parts, *p)
	return nil
}

// AddFS is not used by excelize when it saves; it is refused so that a
// change there shows up as an error rather than as a missing part.
func (z *sortedZip) AddFS(fs.FS) error {
	return errors.New("adding a file system to the workbook is not supported")
}

// Close writes the archive, parts sorted by name, to the destination.
func (z *sortedZip) Close() error {
	if err := z.finish(); err != nil {
		return err
	}
	if err := z.sw.Flush(); err != nil {
		return z.fail(err)
	}
	slices.SortFunc(z.parts, func(a, b part) int { return cmp.Compare(a.name, b.name) })
	zw := zip.NewWriter(z.dst)
	for _, p := range z.parts {
		if err := z.copyPart(zw, p); err != nil {
			return z.fail(err)
		}
	}
	return z.fail(zw.Close())
}

// copyPart adds one part to zw.
func (z *sortedZip) copyPart(zw *zip.Writer, p part) error {
	if p.inMemory {
		w, err := zw.Create(p.name)
		if err != nil {
			return err
		}
		_, err = w.Write(sortDefaults(z.types.Bytes()))
		return err
	}
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: p.name, Method: zip.Deflate, CRC32: p.crc,
		CompressedSize64: uint64(p.size), UncompressedSize64: p.raw,
	})
	if err != nil {
		return err
	}
	_, err = io.Copy(w, io.NewSectionReader(z.spool, p.off, p.size))
	return err
}

// defaultType matches one <Default …> element of [Content_Types].xml.
var defaultType = regexp.MustCompile(`<Default [^>]*>(</Default>)?`)

// sortDefaults sorts the <Default> elements of a content types part in
// place of one another, leaving the rest as it was.
func sortDefaults(data []byte) []byte {
	defs := defaultType.FindAll(data, -1)
	slices.SortFunc(defs, bytes.Compare)
	i := 0
	return defaultType.ReplaceAllFunc(data, func([]byte) []byte {
		d := defs[i]
		i++
		return d
	})
}

// fail records the first error.
func (z *sortedZip) fail(err error) error {
	if z.err == nil {
		z.err = err
	}
	return z.err
}

// remove deletes the spool.
func (z *sortedZip) remove() error {
	name := z.spool.Name()
	cerr := z.spool.Close()
	if err := os.Remove(name); err != nil {
		return fmt.Errorf("removing %s: %w", name, err)
	}
	return cerr
}
