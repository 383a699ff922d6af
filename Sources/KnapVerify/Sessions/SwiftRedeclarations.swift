import SwiftParser
import SwiftSyntax

/// Makes a Swift session's listings behave as in the REPL when a later listing declares a
/// top-level name again: the earlier declaration, and the plain references to that name from its
/// listing up to the one before the redeclaration, get a private name (`name__knap3`), so each
/// listing sees the declaration that was current at its place. Found with swift-syntax, not by
/// text: member accesses (`value.name`, `.name`, `Outer.Name`) and argument labels are left alone.
///
/// Without type information it cannot see scopes: a local variable or parameter with the same
/// name inside a renamed range is renamed too (harmless when consistent), and an extension of a
/// type declared twice extends the declaration current at the extension's place.
enum SwiftRedeclarations {
    /// The suffix of a renamed declaration; compiler messages are shown without it.
    static let marker = "__knap"

    /// The listings' code with the earlier declarations of redeclared names renamed.
    static func rename(_ listings: [String]) -> [String] {
        let trees = listings.map { Parser.parse(source: $0) }
        let declared = trees.map(topLevelNames)
        var edits = [[(offset: Int, length: Int, text: String)]](repeating: [], count: listings.count)
        var latest: [String: Int] = [:] // name (with its kind) → the listing whose declaration is current
        var pending: [(key: String, name: String, from: Int, to: Int)] = []
        for (index, names) in declared.enumerated() {
            for (key, name) in names {
                if let earlier = latest[key], earlier != index { pending.append((key, name, earlier, index)) }
                latest[key] = index
            }
        }
        for (_, name, from, to) in pending {
            let renamed = "\(name)\(marker)\(from)"
            for index in from..<to {
                let collector = ReferenceCollector(name: name, declarations: index == from)
                collector.walk(trees[index])
                for token in collector.tokens {
                    edits[index].append((token.positionAfterSkippingLeadingTrivia.utf8Offset, token.trimmedLength.utf8Length, renamed))
                }
            }
        }
        return listings.indices.map { apply(edits[$0], to: listings[$0]) }
    }

    /// Top-level declared names as (key, name); the key tells functions with other labels apart.
    static func topLevelNames(_ tree: SourceFileSyntax) -> [(String, String)] {
        var names: [(String, String)] = []
        for item in tree.statements {
            guard case .decl(let decl) = item.item else { continue }
            if let variable = decl.as(VariableDeclSyntax.self) {
                for binding in variable.bindings {
                    for identifier in identifiers(in: binding.pattern) { names.append(("value " + identifier, identifier)) }
                }
            } else if let function = decl.as(FunctionDeclSyntax.self) {
                let labels = function.signature.parameterClause.parameters.map { $0.firstName.text + ":" }.joined()
                names.append(("func \(function.name.text)(\(labels))", function.name.text))
            } else if let name = typeName(decl) {
                names.append(("type " + name, name))
            }
        }
        return names
    }

    private static func typeName(_ decl: DeclSyntax) -> String? {
        if let node = decl.as(StructDeclSyntax.self) { return node.name.text }
        if let node = decl.as(ClassDeclSyntax.self) { return node.name.text }
        if let node = decl.as(EnumDeclSyntax.self) { return node.name.text }
        if let node = decl.as(ProtocolDeclSyntax.self) { return node.name.text }
        if let node = decl.as(ActorDeclSyntax.self) { return node.name.text }
        if let node = decl.as(TypeAliasDeclSyntax.self) { return node.name.text }
        return nil
    }

    private static func identifiers(in pattern: PatternSyntax) -> [String] {
        if let identifier = pattern.as(IdentifierPatternSyntax.self) { return [identifier.identifier.text] }
        if let tuple = pattern.as(TuplePatternSyntax.self) { return tuple.elements.flatMap { identifiers(in: $0.pattern) } }
        return []
    }

    private static func apply(_ edits: [(offset: Int, length: Int, text: String)], to code: String) -> String {
        guard !edits.isEmpty else { return code }
        var bytes = Array(code.utf8)
        var seen = Set<Int>()
        for edit in edits.sorted(by: { $0.offset > $1.offset }) where seen.insert(edit.offset).inserted {
            guard edit.offset >= 0, edit.offset + edit.length <= bytes.count else { continue }
            bytes.replaceSubrange(edit.offset..<(edit.offset + edit.length), with: Array(edit.text.utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The tokens that name `name` plainly: references, type names, and (in the declaring listing)
    /// the declarations themselves.
    private final class ReferenceCollector: SyntaxVisitor {
        let name: String
        let declarations: Bool
        var tokens: [TokenSyntax] = []

        init(name: String, declarations: Bool) {
            self.name = name
            self.declarations = declarations
            super.init(viewMode: .sourceAccurate)
        }

        private func take(_ token: TokenSyntax) {
            if token.text == name || token.text == "`\(name)`" { tokens.append(token) }
        }

        override func visit(_ node: DeclReferenceExprSyntax) -> SyntaxVisitorContinueKind {
            if let access = node.parent?.as(MemberAccessExprSyntax.self), access.declName.id == node.id { return .visitChildren }
            take(node.baseName)
            return .visitChildren
        }

        override func visit(_ node: IdentifierTypeSyntax) -> SyntaxVisitorContinueKind {
            take(node.name)
            return .visitChildren
        }

        override func visit(_ node: IdentifierPatternSyntax) -> SyntaxVisitorContinueKind {
            if declarations, isTopLevel(node) { take(node.identifier) }
            return .visitChildren
        }

        override func visit(_ node: FunctionDeclSyntax) -> SyntaxVisitorContinueKind {
            if declarations, isTopLevel(node) { take(node.name) }
            return .visitChildren
        }

        override func visit(_ node: StructDeclSyntax) -> SyntaxVisitorContinueKind { typeDecl(node, node.name) }
        override func visit(_ node: ClassDeclSyntax) -> SyntaxVisitorContinueKind { typeDecl(node, node.name) }
        override func visit(_ node: EnumDeclSyntax) -> SyntaxVisitorContinueKind { typeDecl(node, node.name) }
        override func visit(_ node: ProtocolDeclSyntax) -> SyntaxVisitorContinueKind { typeDecl(node, node.name) }
        override func visit(_ node: ActorDeclSyntax) -> SyntaxVisitorContinueKind { typeDecl(node, node.name) }
        override func visit(_ node: TypeAliasDeclSyntax) -> SyntaxVisitorContinueKind { typeDecl(node, node.name) }

        private func typeDecl(_ node: some SyntaxProtocol, _ token: TokenSyntax) -> SyntaxVisitorContinueKind {
            if declarations, isTopLevel(node) { take(token) }
            return .visitChildren
        }

        /// Whether the node belongs to a top-level statement (not inside a type, function or closure).
        private func isTopLevel(_ node: some SyntaxProtocol) -> Bool {
            var current = node.parent
            while let parent = current {
                if parent.is(CodeBlockItemSyntax.self) { return parent.parent?.parent?.is(SourceFileSyntax.self) == true }
                current = parent.parent
            }
            return false
        }
    }
}
