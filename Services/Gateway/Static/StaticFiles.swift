import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OpenSSLCrypto

/// The front-end files of `Services/Gateway/Web/` (the console, the student pages and what both
/// share; docs/CONSOLE.md), a SwiftPM resource of the gateway read into memory once at start:
/// each with its content type, a strong ETag (SHA-256 of its bytes) and, for text, a gzip copy
/// when that is smaller. Requests never touch the disk.
///
/// URL mapping: `/` is `console/index.html`, `/m/` is `m/index.html` (`/m` redirects there),
/// `/verify` (the public certificate lookup, where QR codes lead) is `verify/index.html`,
/// and every file is at its path under `Web/` (`/console/app.js`, `/shared/api.js`). Nothing
/// else is a file: a path with `..`, an encoded one or an unknown one is not in the table and
/// goes on to the router (a JSON 404).
struct StaticFiles: Sendable {
    struct File: Sendable {
        let contentType: String
        /// The quoted ETag of the identity bytes; the gzip copy's ends in `-gzip"`.
        let etag: String
        let body: ByteBuffer
        let gzipped: ByteBuffer?
        /// HTML pages get the page CSP; every other type keeps the API's `default-src 'none'`.
        var isPage: Bool { contentType.hasPrefix("text/html") }
        var gzipETag: String { String(etag.dropLast()) + "-gzip\"" }
    }

    /// What a page may load: its own origin's scripts, styles, images (and data:/blob: images
    /// for previews of photos before upload), fetches to its own API; no inline script or
    /// style, no eval, no plugins, no framing (docs/CONSOLE.md).
    static let pageCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
        + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        + "frame-ancestors 'none'"
    /// Content types by file extension. Files of other extensions are refused at start.
    static let contentTypes: [String: String] = [
        "html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8",
        "mjs": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8",
        "json": "application/json; charset=utf-8", "txt": "text/plain; charset=utf-8",
        "webmanifest": "application/manifest+json; charset=utf-8", "svg": "image/svg+xml",
        "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
        "webp": "image/webp", "ico": "image/x-icon", "woff2": "font/woff2",
    ]
    /// Types worth compressing (images and fonts are compressed already).
    static func isText(_ contentType: String) -> Bool {
        contentType.hasPrefix("text/") || contentType.hasPrefix("application/") || contentType.hasPrefix("image/svg")
    }

    /// Pages at a URL other than their file's.
    static let aliases = ["/": "/console/index.html", "/m/": "/m/index.html", "/verify": "/verify/index.html"]
    static let redirects = ["/m": "/m/", "/verify/": "/verify"]

    /// Files by URL path.
    let files: [String: File]

    static let empty = StaticFiles(files: [:])

    /// The files bundled with the gateway (the `Web` resource next to the executable).
    static func bundled() throws -> StaticFiles {
        guard let url = Bundle.module.url(forResource: "Web", withExtension: nil) else {
            throw StaticFilesError("the gateway's Web resource is missing (TrainingCertification_GatewayApp.resources beside the executable)")
        }
        return try load(directory: url)
    }

    /// Reads every file under `directory` (dot files skipped).
    /// - Throws: `StaticFilesError` for a file of an unknown type or a name that is not URL-safe.
    static func load(directory: URL) throws -> StaticFiles {
        let root = directory.standardizedFileURL.resolvingSymlinksInPath()
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey],
                                                              options: [.skipsHiddenFiles]) else {
            throw StaticFilesError("cannot read \(root.path)")
        }
        var files: [String: File] = [:]
        for case let url as URL in enumerator {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            let full = url.resolvingSymlinksInPath().path
            guard full.hasPrefix(root.path + "/") else { continue }
            let relative = String(full.dropFirst(root.path.count + 1))
            guard relative.utf8.allSatisfy(isURLSafe) else {
                throw StaticFilesError("Web/\(relative): use only a-z, A-Z, 0-9, '.', '_', '-' in file names")
            }
            guard let type = contentTypes[url.pathExtension.lowercased()] else {
                throw StaticFilesError("Web/\(relative): no content type for .\(url.pathExtension) (StaticFiles.contentTypes)")
            }
            files["/" + relative] = file(Array(try Data(contentsOf: url)), contentType: type)
        }
        for (alias, target) in aliases { files[alias] = files[target] }
        return StaticFiles(files: files)
    }

    static func file(_ bytes: [UInt8], contentType: String) -> File {
        var gzipped: ByteBuffer?
        if isText(contentType) {
            let compressed = Gzip.compress(bytes)
            if compressed.count < bytes.count { gzipped = ByteBuffer(bytes: compressed) }
        }
        return File(contentType: contentType, etag: "\"\(Crypto.sha256Hex(bytes))\"", body: ByteBuffer(bytes: bytes), gzipped: gzipped)
    }

    private static func isURLSafe(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "/")
    }

    /// Whether `path` is a file or a redirect (that is, not the API's).
    func serves(_ path: String) -> Bool { files[path] != nil || Self.redirects[path] != nil }

    /// The response to a GET or HEAD of `path`, or nil when it names no file.
    func response(to request: Request, path: String) -> Response? {
        if let target = Self.redirects[path] {
            return Response(status: .movedPermanently, headers: [.location: target, .cacheControl: "no-cache"])
        }
        guard let file = files[path] else { return nil }
        let gzip = file.gzipped != nil && Self.acceptsGzip(request.headers[values: .acceptEncoding])
        var headers: HTTPFields = [.contentType: file.contentType, .cacheControl: "no-cache",
                                   .eTag: gzip ? file.gzipETag : file.etag]
        if file.gzipped != nil { headers[.vary] = "Accept-Encoding" }
        if file.isPage { headers[.contentSecurityPolicy] = Self.pageCSP }
        if Self.matches(request.headers[values: .ifNoneMatch], file) {
            return Response(status: .notModified, headers: headers)
        }
        let body = gzip ? file.gzipped! : file.body
        if gzip { headers[.contentEncoding] = "gzip" }
        headers[.contentLength] = String(body.readableBytes)
        return Response(status: .ok, headers: headers, body: request.method == .head ? .init() : .init(byteBuffer: body))
    }

    /// `If-None-Match` (RFC 9110 §13.1.2, weak comparison): `*`, or a listed tag of either copy.
    static func matches(_ values: [String], _ file: File) -> Bool {
        for value in values {
            for tag in value.split(separator: ",") {
                var tag = tag.trimmingCharacters(in: .whitespaces)
                if tag == "*" { return true }
                if tag.hasPrefix("W/") { tag.removeFirst(2) }
                if tag == file.etag || tag == file.gzipETag { return true }
            }
        }
        return false
    }

    /// Whether `Accept-Encoding` takes gzip: `gzip` (or `x-gzip`, or `*`) without `q=0`.
    static func acceptsGzip(_ values: [String]) -> Bool {
        var gzip: Bool?
        var any: Bool?
        for value in values {
            for item in value.split(separator: ",") {
                let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                guard let coding = parts.first else { continue }
                let refused = parts.dropFirst().contains { parameter in
                    parameter.hasPrefix("q=") && (Double(parameter.dropFirst(2)) ?? 1) == 0
                }
                if coding == "gzip" || coding == "x-gzip" { gzip = !refused } else if coding == "*" { any = !refused }
            }
        }
        return gzip ?? any ?? false
    }
}

struct StaticFilesError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Serves `StaticFiles` for GET and HEAD before the router (so the files are no API routes and
/// `/openapi.json` does not list them); another method on a file's path is a 405 with `Allow`.
/// The access log shows their route as `/(static)`, never the path.
struct StaticFilesMiddleware: RouterMiddleware {
    typealias Context = GatewayContext
    static let route = "/(static)"
    let files: StaticFiles

    func handle(_ request: Request, context: GatewayContext, next: (Request, GatewayContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard !path.hasPrefix("/api/"), files.serves(path) else { return try await next(request, context) }
        context.coreContext.endpointPath.value = Self.route
        guard request.method == .get || request.method == .head else {
            var refusal = APIError(.methodNotAllowed, code: .unimplemented, message: "该地址不支持\(request.method.rawValue)请求")
            refusal.headers[.allow] = "GET, HEAD"
            throw refusal
        }
        return files.response(to: request, path: path)!
    }
}
