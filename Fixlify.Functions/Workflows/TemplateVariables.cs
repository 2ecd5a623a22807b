using Fluid;
using Fluid.Ast;

namespace Fixlify.Workflows;

/// <summary>Parses Liquid templates and lists the variables they read, so validation can catch unknown ones.</summary>
public static class TemplateVariables
{
    static readonly FluidParser Parser = new();

    /// <summary>Whether <paramref name="text"/> holds Liquid (an output or a tag); plain text is used as it is.</summary>
    public static bool IsTemplate(string text) => text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal);

    /// <summary>Null when <paramref name="template"/> parses and every variable it reads exists in <paramref name="schema"/>; else the first problem.</summary>
    public static string? Check(string template, ContextSchema schema)
    {
        if (!Parser.TryParse(template, out var parsed, out var error))
        {
            return $"The template does not parse: {error.Split('\n')[0].Trim()}";
        }

        var collector = new Collector();
        collector.VisitTemplate(parsed);
        foreach (var path in collector.Paths)
        {
            if (collector.Locals.Contains(ContextSchema.Segments(path)[0]))
            {
                continue;
            }

            if (schema.Explain(path) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>The context paths <paramref name="template"/> reads (not the names it binds itself); none when it does not parse.</summary>
    public static IReadOnlyList<string> Paths(string template)
    {
        if (!Parser.TryParse(template, out var parsed, out _))
        {
            return [];
        }

        var collector = new Collector();
        collector.VisitTemplate(parsed);
        return [.. collector.Paths.Where(p => !collector.Locals.Contains(ContextSchema.Segments(p)[0])).Distinct(StringComparer.Ordinal)];
    }

    sealed class Collector : AstVisitor
    {
        public List<string> Paths { get; } = [];

        /// <summary>Names the template binds itself (for, assign, capture) and Liquid's own.</summary>
        public HashSet<string> Locals { get; } = ["forloop", "tablerowloop", "empty", "blank", "nil", "null", "true", "false"];

        protected override Expression VisitMemberExpression(MemberExpression memberExpression)
        {
            var names = new List<string>();
            foreach (var segment in memberExpression.Segments)
            {
                if (segment is IdentifierSegment identifier)
                {
                    names.Add(identifier.Identifier);
                }
                else
                {
                    break;
                }
            }

            if (names.Count > 0)
            {
                Paths.Add(string.Join('.', names));
            }

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
