//! The text of the five bundled sample reports, as the tests read them.

pub const QIANSHAN: &str = include_str!("../../reports/liaoning-anshan-qianshan-2023.txt");
pub const SHUNCHENG: &str = include_str!("../../reports/liaoning-fushun-shuncheng-2024.txt");
pub const WENDENG: &str = include_str!("../../reports/shandong-weihai-wendeng-2023.txt");
pub const TIEXI: &str = include_str!("../../reports/jilin-siping-tiexi-2024.txt");
pub const ZHOUCUN: &str = include_str!("../../reports/shandong-zibo-zhoucun-2023.txt");

/// All five, in the order of the file names' provinces and prefectures above.
pub const SAMPLES: [&str; 5] = [QIANSHAN, SHUNCHENG, WENDENG, TIEXI, ZHOUCUN];

/// All five with a short name each, for file names and messages.
pub const NAMED: [(&str, &str); 5] = [
    ("qianshan", QIANSHAN),
    ("shuncheng", SHUNCHENG),
    ("wendeng", WENDENG),
    ("tiexi", TIEXI),
    ("zhoucun", ZHOUCUN),
];

/// Write the five samples into `dir` (made if missing) as `NAME.txt`: a library folder.
pub fn write_all(dir: &std::path::Path) {
    std::fs::create_dir_all(dir).expect("create the library folder");
    for (name, text) in NAMED {
        std::fs::write(dir.join(format!("{name}.txt")), text).expect("write a sample");
    }
}
