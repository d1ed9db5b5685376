// Placeholder until this module has its first source; removed then.
