"""HTML views of the Onnuri programme, one module per audience and task. They stay thin:
read through `selectors`, write through `services`, and turn domain errors into messages."""
