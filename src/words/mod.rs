//! Every word the page shows, in English and Simplified Chinese: the labels (`i18n`), the event feed's
//! sentences (`narrate`), why an entry is or is not committed (`explain`), and numbers as shown (`number`).

pub mod explain;
pub mod i18n;
pub mod i18n_zh;
pub mod narrate;
pub mod narrate_commit;
pub mod narrate_zh;
pub mod number;
