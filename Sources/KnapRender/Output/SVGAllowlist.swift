import Foundation

/// The SVG elements and attributes that ``SVGSanitizer`` keeps: drawing, text, paint servers,
/// clipping, masking and filters. Nothing that runs a script, animates, embeds another document or
/// fetches from elsewhere.
enum SVGAllowlist {
    static let elements: Set<String> = [
        "svg", "g", "defs", "symbol", "use", "title", "desc", "switch", "a", "view",
        "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "image",
        "text", "tspan", "textPath",
        "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker", "style",
        "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix",
        "feDiffuseLighting", "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood", "feFuncA",
        "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur", "feMerge", "feMergeNode", "feMorphology",
        "feOffset", "fePointLight", "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence",
    ]

    static let attributes: Set<String> = [
        "id", "class", "style", "lang", "xml:lang", "xml:space", "role", "tabindex", "focusable",
        "aria-label", "aria-hidden", "aria-labelledby", "aria-describedby",
        "href", "xlink:href", "xlink:title",
        "transform", "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr",
        "width", "height", "d", "points", "pathLength", "viewBox", "preserveAspectRatio", "version", "baseProfile",
        "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin",
        "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset", "stroke-opacity", "opacity", "color",
        "display", "visibility", "overflow", "clip", "clip-path", "clip-rule", "clipPathUnits", "mask", "maskUnits",
        "maskContentUnits", "marker-start", "marker-mid", "marker-end", "markerWidth", "markerHeight",
        "markerUnits", "refX", "refY", "orient",
        "font-family", "font-size", "font-size-adjust", "font-weight", "font-style", "font-variant", "font-stretch",
        "text-anchor", "dominant-baseline", "alignment-baseline", "baseline-shift", "letter-spacing",
        "word-spacing", "text-decoration", "writing-mode", "direction", "unicode-bidi", "dx", "dy", "rotate",
        "textLength", "lengthAdjust", "startOffset", "method", "spacing", "side",
        "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod",
        "patternUnits", "patternContentUnits", "patternTransform",
        "filter", "filterUnits", "primitiveUnits", "in", "in2", "result", "stdDeviation", "mode", "operator",
        "k1", "k2", "k3", "k4", "values", "type", "tableValues", "slope", "intercept", "amplitude", "exponent",
        "baseFrequency", "numOctaves", "seed", "stitchTiles", "scale", "xChannelSelector", "yChannelSelector",
        "radius", "flood-color", "flood-opacity", "lighting-color", "surfaceScale", "diffuseConstant",
        "specularConstant", "specularExponent", "kernelMatrix", "kernelUnitLength", "order", "divisor", "bias",
        "targetX", "targetY", "edgeMode", "preserveAlpha", "azimuth", "elevation", "pointsAtX", "pointsAtY",
        "pointsAtZ", "limitingConeAngle",
        "color-interpolation", "color-interpolation-filters", "color-rendering", "shape-rendering",
        "text-rendering", "image-rendering", "vector-effect", "paint-order", "mix-blend-mode", "isolation",
        "enable-background", "requiredFeatures", "requiredExtensions", "systemLanguage",
    ]

    /// Whether the attribute `name="value"` is kept on `element`.
    static func allows(attribute name: String, value: String, on element: String) -> Bool {
        guard attributes.contains(name) else { return false }
        switch name {
        case "href", "xlink:href":
            return isSafeReference(value, image: element == "image")
        case "style":
            return isSafeCSS(value)
        default:
            return isSafeValue(value)
        }
    }

    /// An href to a `#fragment` of this file, or (on `<image>`) a `data:` picture of a raster type.
    static func isSafeReference(_ value: String, image: Bool) -> Bool {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("#") { return isSafeValue(trimmed) }
        guard image else { return false }
        let lower = trimmed.lowercased()
        return ["data:image/png;", "data:image/gif;", "data:image/jpeg;", "data:image/webp;"].contains { lower.hasPrefix($0) }
    }

    /// A plain attribute value: no script URL, and `url(…)` only to a `#fragment`.
    static func isSafeValue(_ value: String) -> Bool {
        let compact = String(value.lowercased().unicodeScalars.filter { !$0.properties.isWhitespace && $0.value >= 0x20 })
        if compact.contains("javascript:") || compact.contains("vbscript:") || compact.contains("expression(") { return false }
        return urlsAreFragments(compact)
    }

    /// CSS (a `style` attribute or element) that loads nothing and runs nothing: `url(…)` only to a
    /// `#fragment`, no `@import`, no escapes (which could spell either), no legacy script hooks.
    static func isSafeCSS(_ css: String) -> Bool {
        let compact = String(css.lowercased().unicodeScalars.filter { !$0.properties.isWhitespace && $0.value >= 0x20 })
        let banned = ["\\", "@import", "expression", "javascript:", "vbscript:", "behavior", "binding", "image-set", "image(", "src("]
        if banned.contains(where: compact.contains) { return false }
        return urlsAreFragments(compact)
    }

    /// Whether every `url(` in the (lower-cased, space-free) text starts a `#fragment` reference.
    private static func urlsAreFragments(_ compact: String) -> Bool {
        var rest = Substring(compact)
        while let found = rest.range(of: "url(") {
            var after = rest[found.upperBound...]
            if after.first == "\"" || after.first == "'" { after = after.dropFirst() }
            guard after.first == "#" else { return false }
            rest = after
        }
        return true
    }
}
