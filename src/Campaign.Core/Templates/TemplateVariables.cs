using Fluid.Ast;
using Fluid;

namespace Campaign.Core.Templates;

/// <summary>
/// The variables a campaign's Liquid templates may use, and the check that a template names only those:
/// a typo such as <c>{{ supporter.nmae }}</c> would otherwise render as nothing in a letter to a government.
/// </summary>
public static class TemplateVariables
{
    /// <summary>Every variable and its fields, as the composers fill them in.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> Known = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
    {
        ["supporter"] = new HashSet<string>(StringComparer.Ordinal) { "name", "country", "comment" },
        ["target"] = new HashSet<string>(StringComparer.Ordinal) { "id", "name", "country" },
        ["campaign"] = new HashSet<string>(StringComparer.Ordinal) { "slug", "title", "goal" },
        ["signatures"] = new HashSet<string>(StringComparer.Ordinal) { "total" },
    };

    /// <summary>Every unknown variable the template names (e.g. "supporter.nmae", "foo"); empty when all are known.</summary>
    public static IReadOnlyList<string> Unknown(IFluidTemplate template)
    {
        var finder = new VariableFinder();
        finder.VisitTemplate(template);
        var unknown = new List<string>();
        foreach (var path in finder.Paths)
        {
            if (finder.Locals.Contains(path[0])) continue;
            if (!Known.TryGetValue(path[0], out var fields)) unknown.Add(path[0]);
            else if (path.Count > 1 && !fields.Contains(path[1])) unknown.Add(string.Join('.', path.Take(2)));
            else if (path.Count > 2) unknown.Add(string.Join('.', path)); // the fields are plain values, with no fields of their own
        }
        return unknown.Distinct(StringComparer.Ordinal).ToList();
    }

    private sealed class VariableFinder : AstVisitor
    {
        public List<IReadOnlyList<string>> Paths { get; } = [];

        // Names a template makes itself: loop variables, assign and capture.
        public HashSet<string> Locals { get; } = new(StringComparer.Ordinal) { "forloop", "tablerowloop", "empty", "blank" };

        protected override Expression VisitMemberExpression(MemberExpression memberExpression)
        {
            var names = new List<string>();
            foreach (var segment in memberExpression.Segments)
            {
                if (segment is not IdentifierSegment identifier) break; // an index such as [0] ends what we can check
                names.Add(identifier.Identifier);
            }
            if (names.Count > 0) Paths.Add(names);
            return base.VisitMemberExpression(memberExpression);
        }

        protected override Statement VisitForStatement(ForStatement forStatement)
        {
            Locals.Add(forStatement.Identifier);
            return base.VisitForStatement(forStatement);
        }

        protected override Statement VisitAssignStatement(AssignStatement assignStatement)
        {
            Locals.Add(assignStatement.Identifier);
            return base.VisitAssignStatement(assignStatement);
        }

        protected override Statement VisitCaptureStatement(CaptureStatement captureStatement)
        {
            Locals.Add(captureStatement.Identifier);
            return base.VisitCaptureStatement(captureStatement);
        }
    }
}
