// The provided.al2023 bootstrap: hosts the function that _HANDLER names.
return 0;
