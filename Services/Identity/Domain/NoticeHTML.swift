/// ID-11: the rich text of a notice (通知公告正文) as the server stores and serves it. The body is
/// run through an allow-list sanitiser when a notice is saved and again when it is served, so a
/// page may show it as HTML: what comes out holds only the elements and attributes listed here,
/// every attribute value quoted and escaped, every text escaped, every element closed.
///
/// It is a small tokenizer for the subset the notice editor produces, following the HTML
/// tokenizer's rules where they matter for safety (tag names end only at space, `/` or `>`;
/// `script`, `style` and the like are raw text up to their end tag; comments, `<!…>` and `<?…>`
/// are dropped; character references are decoded before a URL is checked), and a tree builder
/// that re-writes what it keeps. The output is canonical: sanitising it again changes nothing.
///
/// - Kept: `p div br hr strong b em i u s sub sup h2 h3 h4 ul ol li blockquote pre code span
///   table caption thead tbody tfoot tr th td`, and `a` and `img` with checked URLs.
/// - Attributes kept: `a[href title]` (href only http, https or mailto; `rel="noopener
///   noreferrer"` added, and `target="_blank"` for web links), `img[src alt title width height]`
///   (src only https or the gateway's own `/api/v1/files/{id}`), `td/th[colspan rowspan]`,
///   `ol[start]`. Every other attribute (`on*`, `style`, `class`, `id` …) is dropped.
/// - Dropped with their content: `script style iframe object applet svg math template noscript
///   noembed noframes frameset textarea title xmp select head plaintext audio video canvas`.
///   Every other element (`embed`, `form`, `input`, `font` …) is dropped, its text kept.
public enum NoticeHTML {
    /// The sanitised body. Never fails: what cannot be kept is dropped.
    public static func sanitise(_ html: String) -> String {
        var tokenizer = Tokenizer(html)
        var builder = TreeBuilder()
        while let token = tokenizer.next() { builder.take(token) }
        return builder.finish()
    }

    /// Elements kept (with the attributes `attributes(of:_:)` allows).
    static let allowed: Set<String> = [
        "p", "div", "br", "hr", "strong", "b", "em", "i", "u", "s", "sub", "sup", "h2", "h3", "h4", "ul", "ol", "li",
        "blockquote", "pre", "code", "span", "a", "img", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    ]
    static let void: Set<String> = ["br", "hr", "img"]
    /// Raw-text elements: the tokenizer skips to their end tag, as a browser reads them.
    static let rawText: Set<String> = [
        "script", "style", "iframe", "noscript", "noembed", "noframes", "textarea", "title", "xmp",
    ]
    /// Elements dropped with everything inside them, up to their matching end tag.
    static let dropWithContent: Set<String> = [
        "object", "applet", "svg", "math", "template", "frameset", "select", "head",
        "audio", "video", "canvas",
    ]
    /// Open elements deeper than this are not opened (their text is kept).
    static let maximumDepth = 100
    static let maximumURLLength = 2048
}

// MARK: - Tokens

extension NoticeHTML {
    enum Token: Equatable {
        case text(String)
        case start(name: String, attributes: [(name: String, value: String)], selfClosing: Bool)
        case end(name: String)

        static func == (lhs: Token, rhs: Token) -> Bool {
            switch (lhs, rhs) {
            case (.text(let a), .text(let b)): a == b
            case (.end(let a), .end(let b)): a == b
            case (.start(let a, let x, let s), .start(let b, let y, let t)):
                a == b && s == t && x.map(\.name) == y.map(\.name) && x.map(\.value) == y.map(\.value)
            default: false
            }
        }
    }

    /// Splits the input into text and tags. Comments, doctypes, CDATA sections and processing
    /// instructions produce nothing; a raw-text element's content is skipped.
    struct Tokenizer {
        private let input: [Unicode.Scalar]
        private var position = 0
        /// Set after a raw-text start tag: the content up to `</name` is skipped.
        private var rawTextEnd: [Unicode.Scalar]?
        /// After `<plaintext>` everything is its text: dropped.
        private var atEnd = false

        init(_ html: String) { input = Array(html.unicodeScalars) }

        mutating func next() -> Token? {
            while !atEnd, position < input.count {
                if let name = rawTextEnd {
                    rawTextEnd = nil
                    skipRawText(until: name)
                    continue
                }
                if input[position] == "<" {
                    switch markup() {
                    case .token(let token): return token
                    case .skipped: continue
                    case .text: break
                    }
                }
                if let text = text(), !text.isEmpty { return .text(text) }
            }
            return nil
        }

        /// What a `<` starts.
        private enum Markup {
            case token(Token)
            /// A comment, doctype, CDATA section or bogus end tag, or a tag the input ends inside:
            /// consumed, nothing to give.
            case skipped
            /// A lone `<`: text (the position is unchanged).
            case text
        }

        private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
            position + offset < input.count ? input[position + offset] : nil
        }

        private static func isSpace(_ c: Unicode.Scalar) -> Bool {
            c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}"
        }

        private static func isLetter(_ c: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(c) || ("A"..."Z").contains(c)
        }

        private static func lower(_ c: Unicode.Scalar) -> Unicode.Scalar {
            ("A"..."Z").contains(c) ? Unicode.Scalar(c.value + 32)! : c
        }

        /// Text up to the next `<` that may start markup (a lone `<` is text), references decoded.
        private mutating func text() -> String? {
            var scalars = String.UnicodeScalarView()
            if peek() == "<" {  // a `<` that starts no markup
                scalars.append("<")
                position += 1
            }
            while let c = peek(), c != "<" {
                if c == "&", let decoded = reference(inAttribute: false) {
                    scalars.append(contentsOf: decoded)
                } else {
                    scalars.append(c)
                    position += 1
                }
            }
            return String(scalars)
        }

        /// At `<`: a tag, markup that gives nothing, or a lone `<`.
        private mutating func markup() -> Markup {
            guard let c = peek(1) else { return .text }
            if Self.isLetter(c) {
                position += 1
                return tag(end: false).map(Markup.token) ?? .skipped
            }
            if c == "/" {
                guard let d = peek(2) else { return .text }  // "</" at the end is text
                if Self.isLetter(d) {
                    position += 2
                    return tag(end: true).map(Markup.token) ?? .skipped
                }
                position += 2
                if d == ">" { position += 1 } else { skip(past: ">") }  // "</>" nothing; "</1…>" a bogus comment
                return .skipped
            }
            if c == "!" {
                position += 2
                if peek() == "-", peek(1) == "-" {
                    position += 2
                    comment()
                } else {
                    skip(past: ">")  // doctype, CDATA, bogus comment
                }
                return .skipped
            }
            if c == "?" {
                position += 2
                skip(past: ">")
                return .skipped
            }
            return .text
        }

        /// Moves past the next `target`, or to the end.
        private mutating func skip(past target: Unicode.Scalar) {
            while let c = peek() {
                position += 1
                if c == target { return }
            }
        }

        /// After `<!--`: up to `-->` or `--!>`; `<!-->` and `<!--->` are empty comments.
        private mutating func comment() {
            if peek() == ">" { position += 1; return }
            if peek() == "-", peek(1) == ">" { position += 2; return }
            while position < input.count {
                if peek() == "-", peek(1) == "-" {
                    if peek(2) == ">" { position += 3; return }
                    if peek(2) == "!", peek(3) == ">" { position += 4; return }
                }
                position += 1
            }
        }

        /// A start or end tag from its name's first letter. A tag the input ends inside is dropped.
        private mutating func tag(end: Bool) -> Token? {
            var name = String.UnicodeScalarView()
            while let c = peek(), !Self.isSpace(c), c != "/", c != ">" {
                name.append(Self.lower(c))
                position += 1
            }
            var attributes: [(name: String, value: String)] = []
            var selfClosing = false
            while true {
                guard let c = peek() else { return nil }  // EOF inside a tag: the tag is dropped
                if Self.isSpace(c) { position += 1; continue }
                if c == ">" { position += 1; break }
                if c == "/" {
                    position += 1
                    if peek() == ">" { selfClosing = true; position += 1; break }
                    continue
                }
                guard let attribute = attribute() else { return nil }
                if !attributes.contains(where: { $0.name == attribute.name }) { attributes.append(attribute) }
            }
            let tagName = String(name)
            if end { return .end(name: tagName) }
            if NoticeHTML.rawText.contains(tagName) { rawTextEnd = Array(tagName.unicodeScalars) }
            if tagName == "plaintext" { atEnd = true }
            return .start(name: tagName, attributes: attributes, selfClosing: selfClosing)
        }

        /// One attribute: a name (a leading `=` belongs to it), then an optional `=` and a quoted
        /// or unquoted value with references decoded. Nil when the input ends inside it.
        private mutating func attribute() -> (name: String, value: String)? {
            var name = String.UnicodeScalarView()
            if peek() == "=" { name.append("="); position += 1 }
            while let c = peek(), !Self.isSpace(c), c != "/", c != ">", c != "=" {
                name.append(Self.lower(c))
                position += 1
            }
            while let c = peek(), Self.isSpace(c) { position += 1 }
            guard peek() == "=" else { return (String(name), "") }
            position += 1
            while let c = peek(), Self.isSpace(c) { position += 1 }
            var value = String.UnicodeScalarView()
            guard let first = peek() else { return nil }
            if first == "\"" || first == "'" {
                position += 1
                while true {
                    guard let c = peek() else { return nil }
                    if c == first { position += 1; break }
                    if c == "&", let decoded = reference(inAttribute: true) { value.append(contentsOf: decoded); continue }
                    value.append(c)
                    position += 1
                }
            } else {
                while let c = peek(), !Self.isSpace(c), c != ">" {
                    if c == "&", let decoded = reference(inAttribute: true) { value.append(contentsOf: decoded); continue }
                    value.append(c)
                    position += 1
                }
            }
            return (String(name), String(value))
        }

        /// Skips a raw-text element's content up to `</name` followed by space, `/` or `>` (the
        /// end tag itself is then read as a tag), or to the end.
        private mutating func skipRawText(until name: [Unicode.Scalar]) {
            while position < input.count {
                if input[position] == "<", peek(1) == "/" {
                    var matched = true
                    for (offset, c) in name.enumerated() where peek(2 + offset).map(Self.lower) != c {
                        matched = false
                        break
                    }
                    if matched, let after = peek(2 + name.count), Self.isSpace(after) || after == "/" || after == ">" {
                        return
                    }
                }
                position += 1
            }
        }

        /// At `&`: a numeric or known named character reference, decoded, or nil (the `&` is text).
        /// Numeric references may lack the `;`; named ones need it.
        private mutating func reference(inAttribute: Bool) -> [Unicode.Scalar]? {
            var cursor = position + 1
            if cursor < input.count, input[cursor] == "#" {
                cursor += 1
                var hex = false
                if cursor < input.count, input[cursor] == "x" || input[cursor] == "X" { hex = true; cursor += 1 }
                var value: UInt32 = 0
                var digits = 0
                while cursor < input.count, let digit = Self.digit(input[cursor], hex: hex) {
                    value = min(value &* (hex ? 16 : 10) &+ digit, 0x110000)
                    digits += 1
                    cursor += 1
                }
                guard digits > 0 else { return nil }
                if cursor < input.count, input[cursor] == ";" { cursor += 1 }
                position = cursor
                let scalar = value == 0 || (0xD800...0xDFFF).contains(value) ? nil : Unicode.Scalar(value)
                return [scalar ?? "\u{FFFD}"]
            }
            var name = ""
            while cursor < input.count, cursor - position <= 10, Self.isLetter(input[cursor]) || ("0"..."9").contains(input[cursor]) {
                name.unicodeScalars.append(input[cursor])
                cursor += 1
            }
            guard cursor < input.count, input[cursor] == ";", let scalar = NoticeHTML.namedReferences[name] else { return nil }
            position = cursor + 1
            return [scalar]
        }

        private static func digit(_ c: Unicode.Scalar, hex: Bool) -> UInt32? {
            switch c {
            case "0"..."9": c.value - 48
            case "a"..."f" where hex: c.value - 87
            case "A"..."F" where hex: c.value - 55
            default: nil
            }
        }
    }

    /// The named references decoded (others stay text, written back as `&amp;name;`).
    static let namedReferences: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "ensp": "\u{2002}",
        "emsp": "\u{2003}", "thinsp": "\u{2009}", "copy": "©", "reg": "®", "trade": "™", "middot": "·", "hellip": "…",
        "mdash": "—", "ndash": "–", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "laquo": "«", "raquo": "»",
        "bull": "•", "times": "×", "divide": "÷", "deg": "°", "plusmn": "±", "yen": "¥", "sect": "§", "para": "¶",
        "larr": "←", "rarr": "→", "uarr": "↑", "darr": "↓", "Tab": "\t", "NewLine": "\n",
    ]
}

// MARK: - Tree building and writing

extension NoticeHTML {
    /// Re-writes the tokens it keeps: a stack of open kept elements, the few implied end tags
    /// of HTML that matter for the editor's output (a new paragraph, list item, row or cell
    /// closes the open one), and every element still open closed at the end.
    struct TreeBuilder {
        private var output = ""
        private var open: [String] = []
        /// Inside an element dropped with its content: its name and nesting depth.
        private var dropping: (name: String, depth: Int)?

        mutating func take(_ token: Token) {
            if let (name, depth) = dropping {
                switch token {
                case .start(name, _, let selfClosing) where !selfClosing: dropping = (name, depth + 1)
                case .end(name): dropping = depth > 1 ? (name, depth - 1) : nil
                default: break
                }
                return
            }
            switch token {
            case .text(let text):
                output += NoticeHTML.escape(text, quotes: false)
            case .start(let name, let attributes, let selfClosing):
                start(name, attributes, selfClosing: selfClosing)
            case .end(let name):
                if let index = open.lastIndex(of: name) { close(downTo: index) }
            }
        }

        private mutating func start(_ name: String, _ given: [(name: String, value: String)], selfClosing: Bool) {
            if NoticeHTML.dropWithContent.contains(name) {
                if !selfClosing { dropping = (name, 1) }
                return
            }
            guard NoticeHTML.allowed.contains(name), let attributes = NoticeHTML.attributes(of: name, given) else { return }
            impliedEnds(before: name)
            let isVoid = NoticeHTML.void.contains(name)
            guard isVoid || open.count < NoticeHTML.maximumDepth else { return }
            output += "<" + name
            for (attribute, value) in attributes { output += " \(attribute)=\"\(NoticeHTML.escape(value, quotes: true))\"" }
            output += ">"
            if !isVoid { open.append(name) }
        }

        /// Closes what a browser would close before `name` opens.
        private mutating func impliedEnds(before name: String) {
            switch name {
            case "li":
                closeNearest(["li"], stoppingAt: ["ul", "ol", "blockquote", "table", "td", "th", "caption"])
            case "tr":
                closeNearest(["tr"], stoppingAt: ["table", "thead", "tbody", "tfoot"])
            case "td", "th":
                closeNearest(["td", "th"], stoppingAt: ["tr", "table"])
            case "thead", "tbody", "tfoot":
                closeNearest(["thead", "tbody", "tfoot"], stoppingAt: ["table"])
            case "a":
                closeNearest(["a"], stoppingAt: ["table", "td", "th", "caption"])
            default:
                break
            }
            if ["h2", "h3", "h4"].contains(name), let last = open.last, ["h2", "h3", "h4"].contains(last) {
                close(downTo: open.count - 1)
            }
            if ["p", "div", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "pre", "table", "hr"].contains(name) {
                closeNearest(["p"], stoppingAt: ["table", "td", "th", "caption"])
            }
        }

        /// Closes the innermost open element named in `names`, unless one of `boundaries` is open
        /// inside it.
        private mutating func closeNearest(_ names: Set<String>, stoppingAt boundaries: Set<String>) {
            for index in open.indices.reversed() {
                if names.contains(open[index]) { close(downTo: index); return }
                if boundaries.contains(open[index]) { return }
            }
        }

        /// Writes end tags for the open elements from the innermost down to `index`.
        private mutating func close(downTo index: Int) {
            while open.count > index { output += "</" + open.removeLast() + ">" }
        }

        mutating func finish() -> String {
            close(downTo: 0)
            return output
        }
    }

    /// The attributes kept on a kept element, in a fixed order; nil when the element itself is
    /// dropped (an `a` without an allowed link, an `img` without an allowed source).
    static func attributes(of element: String, _ given: [(name: String, value: String)]) -> [(String, String)]? {
        func value(_ name: String) -> String? { given.first { $0.name == name }?.value }
        func number(_ name: String, digits: ClosedRange<Int>) -> (String, String)? {
            guard let text = value(name), digits.contains(text.count), text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }),
                  text.contains(where: { $0 != "0" }) else { return nil }
            return (name, text)
        }
        func text(_ name: String) -> (String, String)? {
            value(name).map { (name, String($0.prefix(200))) }
        }
        switch element {
        case "a":
            guard let href = value("href"), let link = link(href) else { return nil }
            return [("href", link.url)] + [text("title")].compactMap { $0 } + [("rel", "noopener noreferrer")]
                + (link.web ? [("target", "_blank")] : [])
        case "img":
            guard let source = value("src"), let url = imageSource(source) else { return nil }
            return [("src", url)] + [text("alt"), text("title"), number("width", digits: 1...4), number("height", digits: 1...4)]
                .compactMap { $0 }
        case "td", "th":
            return [number("colspan", digits: 1...3), number("rowspan", digits: 1...3)].compactMap { $0 }
        case "ol":
            return [number("start", digits: 1...6)].compactMap { $0 }
        default:
            return []
        }
    }

    /// A URL as a browser reads an attribute's value: leading and trailing controls and spaces
    /// removed, tabs and line breaks removed everywhere.
    static func cleanURL(_ raw: String) -> String {
        var scalars = Array(raw.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" })
        while let first = scalars.first, first.value <= 0x20 { scalars.removeFirst() }
        while let last = scalars.last, last.value <= 0x20 { scalars.removeLast() }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars)
        return String(text)
    }

    /// The scheme of an absolute URL, lower-cased (`[A-Za-z][A-Za-z0-9+.-]*` before the first
    /// `:`), or nil for a relative one.
    static func scheme(_ url: String) -> String? {
        guard let colon = url.unicodeScalars.firstIndex(of: ":") else { return nil }
        let scheme = url.unicodeScalars[..<colon]
        guard let first = scheme.first, ("a"..."z").contains(first) || ("A"..."Z").contains(first),
              scheme.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                  || $0 == "+" || $0 == "." || $0 == "-" }) else { return nil }
        return String(scheme).lowercased()
    }

    /// A link target kept on `a`: an absolute http(s) URL with a host, or a mailto address.
    static func link(_ raw: String) -> (url: String, web: Bool)? {
        let url = cleanURL(raw)
        guard url.unicodeScalars.count <= maximumURLLength, !url.unicodeScalars.contains(where: isControl),
              let scheme = scheme(url) else { return nil }
        let rest = url.unicodeScalars.dropFirst(scheme.unicodeScalars.count + 1)
        switch scheme {
        case "http", "https":
            let slashes = rest.prefix(2)
            guard slashes.count == 2, slashes.allSatisfy({ $0 == "/" || $0 == "\\" }),
                  let host = rest.dropFirst(2).first, !["/", "\\", "?", "#"].contains(host) else { return nil }
            return (url, true)
        case "mailto":
            return rest.isEmpty ? nil : (url, false)
        default:
            return nil
        }
    }

    /// An image source kept on `img`: an absolute https URL with a host, or the gateway's own
    /// file route `/api/v1/files/{id}`.
    static func imageSource(_ raw: String) -> String? {
        let url = cleanURL(raw)
        let prefix = "/api/v1/files/"
        if url.hasPrefix(prefix) {
            let id = url.dropFirst(prefix.count)
            guard (1...19).contains(id.count), id.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
            return url
        }
        guard let link = link(url), link.web, scheme(link.url) == "https" else { return nil }
        return link.url
    }

    private static func isControl(_ c: Unicode.Scalar) -> Bool {
        c.value < 0x20 || (0x7F...0x9F).contains(c.value)
    }

    /// Text or an attribute value written back: `& < >` (and `"` in attributes) as references,
    /// NUL and other control characters but tab and line breaks removed.
    static func escape(_ text: String, quotes: Bool) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"" where quotes: escaped += "&quot;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(c)
            case _ where isControl(c): continue
            default: escaped.unicodeScalars.append(c)
            }
        }
        return escaped
    }
}
