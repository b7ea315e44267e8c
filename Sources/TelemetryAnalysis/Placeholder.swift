// Placeholder: the module's code goes here.
