namespace Fixlify.Workflows;

/// <summary>
/// The kind of value a record field, a step output or a setting holds, so the builder offers an input of that kind (a
/// date picker, a money box, a menu of choices) and the operators that fit it. Written snake_case in the catalog.
/// </summary>
internal enum FieldKind
{
    Text,
    LongText,
    Number,
    Money,
    Date,
    Datetime,
    Boolean,
    Choice,
    Email,
    Phone,
    Id,
    List,
}
