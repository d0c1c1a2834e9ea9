package contracts

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/rpc"
)

// verifierErrorsABI are the custom errors of gnark's exported verifier.
const verifierErrorsABI = `[
{"type":"error","name":"ProofInvalid","inputs":[]},
{"type":"error","name":"PublicInputNotInField","inputs":[]},
{"type":"error","name":"CommitmentInvalid","inputs":[]}]`

// maxRevertData bounds revert data we decode (it comes from a node).
const maxRevertData = 64 << 10

// revertDecoder turns revert data into *RevertError using known ABIs.
type revertDecoder struct {
	errs []abi.Error
}

func newRevertDecoder(abis ...abi.ABI) (*revertDecoder, error) {
	v, err := abi.JSON(strings.NewReader(verifierErrorsABI))
	if err != nil {
		return nil, fmt.Errorf("contracts: verifier errors abi: %w", err)
	}
	d := &revertDecoder{}
	for _, a := range append(abis, v) {
		for _, e := range a.Errors {
			d.errs = append(d.errs, e)
		}
	}
	return d, nil
}

// decodeData decodes raw revert data; unknown data gives Name "unknown".
func (d *revertDecoder) decodeData(data []byte) *RevertError {
	return d.decodeDepth(data, 0)
}

// decodeDepth decodes InvalidProof's inner reason one level deep only.
func (d *revertDecoder) decodeDepth(data []byte, depth int) *RevertError {
	re := &RevertError{Data: data}
	if len(data) < 4 {
		re.Name = "unknown"
		return re
	}
	if msg, err := abi.UnpackRevert(data); err == nil {
		re.Name = "Error"
		re.Args = []any{msg}
		return re
	}
	for _, e := range d.errs {
		if !bytes.Equal(data[:4], e.ID[:4]) {
			continue
		}
		args, err := e.Inputs.Unpack(data[4:])
		if err != nil {
			break
		}
		re.Name, re.Args = e.Name, args
		if e.Name == "InvalidProof" && len(args) == 1 && depth == 0 {
			if inner, ok := args[0].([]byte); ok {
				re.Cause = d.decodeDepth(inner, depth+1)
			}
		}
		return re
	}
	re.Name = "unknown"
	return re
}

// decode wraps err with the decoded revert when err carries revert data
// (as a node's estimateGas or eth_call error does).
func (d *revertDecoder) decode(err error) error {
	if err == nil {
		return nil
	}
	var de rpc.DataError
	if !errors.As(err, &de) {
		return err
	}
	s, ok := de.ErrorData().(string)
	if !ok || len(s) > 2*maxRevertData+2 {
		return err
	}
	data, derr := hexutil.Decode(s)
	if derr != nil {
		return err
	}
	return fmt.Errorf("%w (%v)", d.decodeData(data), err)
}
