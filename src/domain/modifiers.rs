//! The menu's modifier groups: the choices a dish offers ("Size": one of Small/Large +2.00; "Extras": any of
//! Extra cheese +1.50; "Without": No onions), each for a list of dishes or whole categories.

use super::details::Modifier;
use super::money::Cents;
use serde_json::Value;

/// One group of choices, offered for the dishes and categories it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModifierGroup {
    pub name: String,
    /// Exactly one choice (a size) rather than any number (extras).
    pub pick_one: bool,
    /// The counter cannot send the dish without a choice here.
    pub required: bool,
    /// Dish names and categories it is for.
    pub targets: Vec<String>,
    pub options: Vec<Modifier>,
}

/// What is wrong with a modifier group, said with its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupProblem {
    /// `"modifiers"` is not a list of groups, or a group is not an object.
    NotAList,
    NoName,
    NoOptions,
    /// `"for"` names neither a dish nor a category of the menu.
    UnknownTarget(String),
    /// An option has no name, a name that is too long, or a price that is not an amount.
    BadOption(String),
    /// `"pick"` is neither `"one"` nor `"any"`.
    BadPick,
}

impl std::fmt::Display for GroupProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GroupProblem::NotAList => f.write_str("\"modifiers\" is not a list of groups"),
            GroupProblem::NoName => f.write_str("a group has no name (\"group\")"),
            GroupProblem::NoOptions => write!(f, "it has no options (at most {MAX_OPTIONS})"),
            GroupProblem::UnknownTarget(t) => {
                write!(f, "\"{t}\" is neither a dish nor a category of the menu")
            }
            GroupProblem::BadOption(o) => write!(
                f,
                "the option \"{o}\" has no name or a price that is not an amount"
            ),
            GroupProblem::BadPick => f.write_str("\"pick\" must be \"one\" or \"any\""),
        }
    }
}

pub const MAX_GROUPS: usize = 50;
pub const MAX_OPTIONS: usize = 30;

impl ModifierGroup {
    pub fn is_for(&self, dish: &str, category: &str) -> bool {
        self.targets.iter().any(|t| t == dish || t == category)
    }
}

/// Reads `"modifiers": [{"group": "Size", "pick": "one", "required": true, "for": ["Pizza"],
/// "options": [{"name": "Small"}, {"name": "Large", "price": 2.00}]}, …]`. `known` says whether a name is a
/// dish or a category of the menu.
pub fn read_groups(
    value: Option<&Value>,
    known: impl Fn(&str) -> bool,
) -> Result<Vec<ModifierGroup>, (String, GroupProblem)> {
    let list = match value {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(list)) if list.len() <= MAX_GROUPS => list,
        Some(_) => return Err(("?".into(), GroupProblem::NotAList)),
    };
    list.iter().map(|g| read_group(g, &known)).collect()
}

fn read_group(
    group: &Value,
    known: &impl Fn(&str) -> bool,
) -> Result<ModifierGroup, (String, GroupProblem)> {
    let text = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty() && s.chars().count() <= super::menu::MAX_MENU_TEXT)
            .map(str::to_owned)
    };
    let fields = group
        .as_object()
        .ok_or_else(|| ("?".to_owned(), GroupProblem::NotAList))?;
    let name = text(fields.get("group")).ok_or(("?".to_owned(), GroupProblem::NoName))?;
    let refuse = |problem| (name.clone(), problem);
    let pick_one = match fields.get("pick").and_then(Value::as_str) {
        None => false,
        Some("one") => true,
        Some("any") => false,
        Some(_) => return Err(refuse(GroupProblem::BadPick)),
    };
    let mut targets = Vec::new();
    for target in fields
        .get("for")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let target = target.as_str().unwrap_or("?").trim();
        if !known(target) {
            return Err(refuse(GroupProblem::UnknownTarget(target.to_owned())));
        }
        targets.push(target.to_owned());
    }
    let options = fields
        .get("options")
        .and_then(Value::as_array)
        .filter(|o| !o.is_empty() && o.len() <= MAX_OPTIONS)
        .ok_or_else(|| refuse(GroupProblem::NoOptions))?;
    let mut read = Vec::with_capacity(options.len());
    for option in options {
        let (name, price) = match option {
            Value::Object(o) => (text(o.get("name")), o.get("price")),
            plain => (text(Some(plain)), None),
        };
        let bad = || {
            refuse(GroupProblem::BadOption(
                name.clone().unwrap_or_else(|| "?".into()),
            ))
        };
        let price = match price.filter(|p| !p.is_null()) {
            None => None,
            Some(p) => Some(
                p.as_f64()
                    .and_then(|p| Cents::from_wire(p).ok())
                    .ok_or_else(bad)?,
            ),
        };
        read.push(Modifier {
            name: name.clone().ok_or_else(bad)?,
            price,
        });
    }
    Ok(ModifierGroup {
        required: fields.get("required").and_then(Value::as_bool) == Some(true),
        name,
        pick_one,
        targets,
        options: read,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn known(name: &str) -> bool {
        ["Pizza", "Caesar Salad"].contains(&name)
    }

    #[test]
    fn a_group_is_read_with_its_choices_prices_and_what_it_is_for() {
        let groups = read_groups(
            Some(
                &json!([{"group": "Size", "pick": "one", "required": true, "for": ["Pizza"],
                "options": [{"name": "Small"}, {"name": "Large", "price": 2.00}]},
                {"group": "Without", "for": ["Pizza", "Caesar Salad"], "options": ["No onions"]}]),
            ),
            known,
        )
        .unwrap();
        assert!(groups[0].pick_one && groups[0].required);
        assert_eq!(groups[0].options[1].price, Some(Cents(200)));
        assert!(groups[0].is_for("Margherita Pizza", "Pizza"));
        assert!(!groups[0].is_for("Caesar Salad", "Salad"));
        assert!(!groups[1].pick_one && !groups[1].required);
        assert!(groups[1].is_for("Caesar Salad", "Salad"));
        assert_eq!(groups[1].options[0].name, "No onions");
    }

    #[test]
    fn a_broken_group_is_refused_naming_it_and_what_is_wrong() {
        let refused = |v: Value| read_groups(Some(&v), known).unwrap_err();
        assert_eq!(refused(json!({})), ("?".into(), GroupProblem::NotAList));
        assert_eq!(
            refused(json!([{"options": ["a"]}])),
            ("?".into(), GroupProblem::NoName)
        );
        assert_eq!(
            refused(json!([{"group": "Size", "options": []}])),
            ("Size".into(), GroupProblem::NoOptions)
        );
        assert_eq!(
            refused(json!([{"group": "Size", "for": ["Soup"], "options": ["S"]}])),
            ("Size".into(), GroupProblem::UnknownTarget("Soup".into()))
        );
        assert_eq!(
            refused(json!([{"group": "Size", "options": [{"name": "L", "price": "two"}]}])),
            ("Size".into(), GroupProblem::BadOption("L".into()))
        );
        assert_eq!(
            refused(json!([{"group": "Size", "pick": "two", "options": ["S"]}])),
            ("Size".into(), GroupProblem::BadPick)
        );
    }
}
