import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Files the browser saves (score templates, PDF e-certificates): `Content-Disposition:
/// attachment` with the name both as ASCII and, for the Chinese, as RFC 5987 UTF-8; never cached.
enum Download {
    private static let filenameSafe = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_")

    static func attachment(_ filename: String, contentType: String, _ content: [UInt8]) -> Response {
        let ascii = String(filename.unicodeScalars.map { $0.isASCII && $0 != "\"" ? Character($0) : "_" })
        let encoded = filename.addingPercentEncoding(withAllowedCharacters: filenameSafe) ?? ascii
        var headers: HTTPFields = [.contentType: contentType,
                                   .contentDisposition: "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"]
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: content)))
    }
}
