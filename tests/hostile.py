"""Hostile and broken PDFs, built byte by byte for the robustness tests.

Each builder returns the bytes of one file. They follow pypdf's published advisories
(decompression bombs, reference cycles, absurd lengths, endless inline images, deep nesting)
and a few plain accidents (a truncated file, a PDF that is also an HTML page). Nothing here is
downloaded: every file is made on the spot, and each stays small on disk (a few MB at most)
however large it claims to be once decoded.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
GIB = 1 << 30
MIB = 1 << 20


def text_ops(text: str, *, y: int = 720) -> bytes:
    """A content stream that shows one line of Latin-1 text."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"BT /F1 12 Tf 72 %d Td (%s) Tj ET\n" % (y, escaped.encode("latin-1"))


def stream(data: bytes, extra: bytes = b"", *, length: int | None = None) -> bytes:
    """A stream object's body: dictionary, ``stream`` keyword, data, ``endstream``."""
    declared = len(data) if length is None else length
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (declared, extra, data)


def assemble(
    objects: dict[int, bytes], *, root: int = 1, header: bytes = HEADER, trailer: bytes = b""
) -> bytes:
    """A complete PDF: numbered objects, a classic xref table and a trailer."""
    out = bytearray(header)
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        if number in offsets:
            out += b"%010d 00000 n \n" % offsets[number]
        else:
            out += b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\n" % (size, root, trailer)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def one_page(content: bytes, *, page_extra: bytes = b"", catalog_extra: bytes = b"") -> dict:
    """The objects of a one-page document whose page shows ``content`` (an object body)."""
    return {
        1: b"<< /Type /Catalog /Pages 2 0 R %s>>" % catalog_extra,
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R %s>>" % page_extra,
        4: content,
        5: FONT,
    }


def plain(text: str = "An honest page of seminar text about social protection.") -> bytes:
    """A valid one-page PDF with real text (the control case)."""
    return assemble(one_page(stream(text_ops(text))))


# -- decompression bombs -----------------------------------------------------------------------


def deflate_zeros(total: int, *, prefix: bytes = b"", chunk: int = 4 * MIB) -> bytes:
    """zlib data that inflates to ``prefix`` then ``total`` zero bytes (ratio about 1000:1).

    One chunk of zeros is deflated after a full flush (which empties the compressor's window)
    and its bytes repeated, so a gigabyte costs a fraction of a second to build.
    """
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = packer.compress(prefix) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(bytes(chunk)) + packer.flush(zlib.Z_FULL_FLUSH)
    tail = packer.compress(bytes(total % chunk)) + packer.flush()
    checksum = zlib.adler32(prefix)
    zeros = bytes(chunk)
    for _ in range(total // chunk):
        checksum = zlib.adler32(zeros, checksum)
    checksum = zlib.adler32(bytes(total % chunk), checksum)
    body = head + block * (total // chunk) + tail
    return b"\x78\xda" + body + checksum.to_bytes(4, "big")


def flate_bomb(decoded: int = GIB + GIB // 8) -> bytes:
    """One content stream of a little text then NUL bytes (PDF white space) beyond 1 GiB."""
    data = deflate_zeros(decoded, prefix=text_ops("Flate bomb page"))
    return assemble(one_page(stream(data, b"/Filter /FlateDecode ")))


def flate_bomb_repeated(each: int = 70 * MIB, times: int = 24) -> bytes:
    """One stream under pypdf's per-filter cap, named ``times`` times in the page's /Contents.

    Each decoding stays below the 75 MB cap, but their concatenation is ~1.7 GB: only the
    child's memory cap stops it.
    """
    data = deflate_zeros(each, prefix=text_ops("Repeated bomb page"))
    objects = one_page(b"[%s]" % b" ".join([b"6 0 R"] * times))
    objects[6] = stream(data, b"/Filter /FlateDecode ")
    return assemble(objects)


def _lzw_zero_codes(total: int) -> Iterable[int]:
    """LZW codes (9-12 bits, early change) decoding to ``total`` zero bytes.

    After a clear-table code, emitting 0, 258, 259, ... makes each new code one zero longer
    than the last (the decoder's "KwKwK" case), so 4,000 codes give ~8 MB.
    """
    yield 256
    produced, next_code = 0, 258
    while produced < total:
        yield 0
        produced += 1
        run = 1
        while next_code < 4094 and produced < total:
            run += 1
            yield next_code
            produced += run
            next_code += 1
        yield 256
        next_code = 258
    yield 257


def lzw_encode_codes(codes: Iterable[int]) -> bytes:
    """Pack LZW codes MSB first, widening at 511/1023/2047 entries (PDF's EarlyChange 1)."""
    out = bytearray()
    buffer = bits = 0
    width, table, first = 9, 258, True
    for code in codes:
        buffer = (buffer << width) | code
        bits += width
        while bits >= 8:
            bits -= 8
            out.append((buffer >> bits) & 0xFF)
        buffer &= (1 << bits) - 1
        if code == 256:
            width, table, first = 9, 258, True
        elif code != 257 and first:
            first = False  # the first code after a clear adds no table entry
        elif code != 257:
            table += 1
            if table in (511, 1023, 2047):
                width += 1
    if bits:
        out.append((buffer << (8 - bits)) & 0xFF)
    return bytes(out)


def lzw_bomb(decoded: int = GIB + GIB // 8) -> bytes:
    """A content stream with /LZWDecode that expands beyond 1 GiB."""
    data = lzw_encode_codes(_lzw_zero_codes(decoded))
    return assemble(one_page(stream(data, b"/Filter /LZWDecode ")))


def runlength_bomb(decoded: int = GIB + GIB // 8) -> bytes:
    """RunLength inside Flate: each 2-byte run gives 128 zeros, and Flate shrinks the runs."""
    runs = decoded // 128
    packer = zlib.compressobj(9)
    block = b"\x81\x00" * (2 * MIB)
    text = text_ops("RunLength bomb")  # a literal run first: length - 1, then the bytes
    parts = [packer.compress(bytes([len(text) - 1]) + text)]
    for _ in range(runs // (2 * MIB)):
        parts.append(packer.compress(block))
    parts.append(packer.compress(b"\x81\x00" * (runs % (2 * MIB))))
    parts.append(packer.compress(b"\x80"))  # end of data
    parts.append(packer.flush())
    data = b"".join(parts)
    return assemble(one_page(stream(data, b"/Filter [/FlateDecode /RunLengthDecode] ")))


# -- reference cycles ----------------------------------------------------------------------------


def page_tree_cycle() -> bytes:
    """A /Pages node whose /Kids include a node whose /Kids point back to the root node."""
    objects = one_page(stream(text_ops("Cyclic page tree")))
    objects[2] = b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 3 >>"
    objects[6] = b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 2 >>"
    return assemble(objects)


def outline_cycle() -> bytes:
    """An outline whose item is its own /Next and /First."""
    objects = one_page(
        stream(text_ops("Cyclic outline")),
        catalog_extra=b"/Outlines 6 0 R /PageMode /UseOutlines ",
    )
    objects[6] = b"<< /Type /Outlines /First 7 0 R /Last 7 0 R /Count 1 >>"
    objects[7] = (
        b"<< /Title (Loop) /Parent 6 0 R /Next 7 0 R /First 7 0 R /Last 7 0 R "
        b"/Count 1 /Dest [3 0 R /Fit] >>"
    )
    return assemble(objects)


def xref_prev_cycle() -> bytes:
    """An incremental update whose trailer's /Prev points at its own xref section."""
    base = plain("Page before the cyclic update")
    body = stream(text_ops("Page after the cyclic update"))
    update = bytearray()
    offset = len(base)
    update += b"4 0 obj\n%s\nendobj\n" % body
    xref = len(base) + len(update)
    update += b"xref\n4 1\n%010d 00000 n \n" % offset
    update += b"trailer\n<< /Size 6 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        xref,
        xref,
    )
    return base + bytes(update)


# -- absurd values and endless structures ------------------------------------------------------


def absurd_length() -> bytes:
    """A content stream that declares /Length 10^12."""
    return assemble(one_page(stream(text_ops("Absurd length"), length=10**12)))


def inline_image_without_end(noise: int = 2 * MIB) -> bytes:
    """An inline image (BI ... ID) whose data never reaches its EI marker."""
    data = bytes((i * 7 + 3) % 256 for i in range(256)).replace(b"E", b"e") * (noise // 256)
    content = text_ops("Before the image") + b"q BI /W 100 /H 100 /BPC 8 /CS /G ID " + data
    return assemble(one_page(stream(content)))


def deep_nesting_object(depth: int = 100_000) -> bytes:
    """A page dictionary holding an array nested ``depth`` levels deep, never closed."""
    return assemble(
        one_page(stream(text_ops("Deep object")), page_extra=b"/Deep " + b"[" * depth + b" ")
    )


def deep_nesting_content(depth: int = 100_000) -> bytes:
    """A content stream whose operands open ``depth`` arrays and dictionaries."""
    content = text_ops("Deep content") + b"[<<" * (depth // 2) + b" Tj\n"
    return assemble(one_page(stream(content)))


def huge_size_without_root() -> bytes:
    """A trailer without /Root but with /Size 10^9 (GHSA-4xc4-762w-m6cg)."""
    doc = plain("No root here")
    return doc.replace(b"/Root 1 0 R", b"/Size 1000000000").replace(b"/Size 6 /Size", b"/Size")


def startxref_in_whitespace(spaces: int = 4 * MIB) -> bytes:
    """A broken startxref after megabytes of white space (GHSA-4f6g-68pf-7vhv)."""
    doc = plain("Lost in white space")
    head, _, _ = doc.rpartition(b"startxref")
    return head + b" " * spaces + b"\nstartxref\n999999999\n%%EOF\n"


def huge_tounicode() -> bytes:
    """A font whose /ToUnicode maps a range of 2^32 codes (CVE-2026-27025)."""
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"1 begincodespacerange <00000000> <FFFFFFFF> endcodespacerange\n"
        b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end\n"
    )
    objects = one_page(stream(text_ops("Mapped text")))
    objects[5] = FONT[:-2] + b"/ToUnicode 6 0 R >>"
    objects[6] = stream(cmap)
    return assemble(objects)


def xmp_entity_expansion(levels: int = 10) -> bytes:
    """XMP metadata with nested entity declarations (a "billion laughs")."""
    entities = [b'<!ENTITY a0 "lol">']
    for n in range(1, levels):
        entities.append(b'<!ENTITY a%d "%s">' % (n, b"&a%d;" % (n - 1) * 10))
    xmp = (
        b'<?xml version="1.0"?>\n<!DOCTYPE x [' + b"".join(entities) + b"]>\n"
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
        b"<dc:title><rdf:Alt><rdf:li>&a%d;</rdf:li></rdf:Alt></dc:title>"
        b"</rdf:Description></rdf:RDF></x:xmpmeta>" % (levels - 1)
    )
    objects = one_page(stream(text_ops("Laughing metadata")), catalog_extra=b"/Metadata 6 0 R ")
    objects[6] = stream(xmp, b"/Type /Metadata /Subtype /XML ")
    return assemble(objects)


# -- accidents ----------------------------------------------------------------------------------


def truncated(pages: int = 40) -> bytes:
    """A valid many-page PDF cut in half (the xref table and trailer are lost)."""
    whole = many_pages(pages)
    return whole[: len(whole) // 2]


def html_polyglot() -> bytes:
    """A file that starts as an HTML page and holds a PDF within its first 1024 bytes."""
    html = b"<html><head><title>x</title></head><body><script>alert(1)</script></body></html>\n"
    return html + plain("Polyglot text that a reader may search for.")


def many_pages(count: int, *, words: str = "page") -> bytes:
    """A PDF of ``count`` tiny pages, each with its own few words (built without a library)."""
    objects: dict[int, bytes] = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: FONT}
    kids = []
    for n in range(count):
        page, content = 4 + 2 * n, 5 + 2 * n
        kids.append(b"%d 0 R" % page)
        objects[page] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content
        )
        objects[content] = stream(text_ops(f"{words} {n + 1}", y=100))
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), count)
    return assemble(objects)


def huge_content_stream(decoded: int = 50 * MIB) -> bytes:
    """One page whose content stream is ``decoded`` bytes of text-showing operators."""
    line = text_ops("lorem ipsum dolor sit amet", y=700)
    packer = zlib.compressobj(9)
    chunk = line * (MIB // len(line))
    parts = [packer.compress(chunk) for _ in range(decoded // len(chunk))]
    parts.append(packer.flush())
    return assemble(one_page(stream(b"".join(parts), b"/Filter /FlateDecode ")))


def image_only() -> bytes:
    """A page that only paints a small grey image: no text layer at all."""
    pixels = zlib.compress(bytes(range(256)) * 64)
    objects = one_page(stream(b"q 200 0 0 200 72 500 cm /Im1 Do Q\n"))
    objects[3] = objects[3].replace(b"/Font << /F1 5 0 R >>", b"/XObject << /Im1 6 0 R >>")
    objects[6] = stream(
        pixels,
        b"/Type /XObject /Subtype /Image /Width 128 /Height 128 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode ",
    )
    return assemble(objects)


def ten_thousand_pages() -> bytes:
    """10,000 tiny pages, each with its own number."""
    return many_pages(10_000)


def lone_surrogates() -> bytes:
    """A title and page text that decode to lone UTF-16 surrogates (unstorable in UTF-8)."""
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"1 begincodespacerange <00> <FF> endcodespacerange\n"
        b"2 beginbfchar <41> <D800> <42> <DC00> endbfchar\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end\n"
    )
    objects = one_page(stream(text_ops("Surrogates AB here and ordinary words too")))
    objects[5] = FONT[:-2] + b"/ToUnicode 6 0 R >>"
    objects[6] = stream(cmap)
    objects[7] = b"<< /Title <FEFFD8000041DC00> /Author <FEFF0042DBFF> >>"
    return assemble(objects, trailer=b"/Info 7 0 R ")
